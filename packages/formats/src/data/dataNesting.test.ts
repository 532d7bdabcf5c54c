import { describe, expect, it } from 'vitest'

import { DATA_DEPTH_MAX } from './dataNesting.ts'
import { readDataText } from './readDataText.ts'

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('nesting of data files', () => {
  it.each(['json', 'yaml'] as const)('takes %s nested to the limit', (syntax) => {
    expect(readDataText(nested(DATA_DEPTH_MAX), syntax).ok).toBe(true)
  })

  it.each(['json', 'yaml'] as const)('refuses %s nested deeper, with the place, and survives it again and again', (syntax) => {
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now()
      const r = readDataText(`{"a":\n${nested(100_000)}}`, syntax)
      expect(performance.now() - t0).toBeLessThan(1000)
      expect(!r.ok && r.error).toEqual({
        code: 'syntax',
        message: `not valid ${syntax === 'json' ? 'JSON' : 'YAML'}: nested deeper than 256 levels`,
        line: 2,
        column: 256,
      })
    }
  })

  it('refuses deep YAML block nesting and compact sequences, quickly', () => {
    const t0 = performance.now()
    expect(readDataText('- '.repeat(200_000) + 'x', 'yaml')).toMatchObject({ ok: false, error: { code: 'syntax', line: 1 } })
    expect(performance.now() - t0).toBeLessThan(1000)
    const compact = '- '.repeat(300) + 'x'
    expect(readDataText(compact, 'yaml')).toMatchObject({
      ok: false,
      error: { code: 'syntax', message: 'not valid YAML: nested deeper than 256 levels' },
    })
    const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1'
    expect(readDataText(block, 'yaml')).toMatchObject({ ok: false, error: { code: 'syntax' } })
  })

  it('counts no bracket inside quotes or comments', () => {
    const text = `a: "${'['.repeat(300)}"\nb: '${'{'.repeat(300)}'\n# ${'['.repeat(300)}\n`
    expect(readDataText(text, 'yaml').ok).toBe(true)
    expect(readDataText(`{"a": "${'['.repeat(300)}"}`, 'json').ok).toBe(true)
  })

  it('counts the nesting an alias brings in', () => {
    const half = (n: number) => '['.repeat(n)
    const text = `a: &a ${half(200)}1${']'.repeat(200)}\nb: ${half(100)}*a${']'.repeat(100)}\n`
    expect(readDataText(text, 'yaml')).toMatchObject({
      ok: false,
      error: { code: 'syntax', message: 'not valid YAML: aliases nest it deeper than 256 levels' },
    })
  })

  it('answers a "billion laughs" document as a format error', () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (const [i, name] of [...'bcdefghij'].entries()) rows.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`)
    const r = readDataText(rows.join('\n'), 'yaml')
    expect(!r.ok && r.error.code).toBe('syntax')
    expect(!r.ok && r.error.message).toContain('aliases expand to too many values')
  })
})
