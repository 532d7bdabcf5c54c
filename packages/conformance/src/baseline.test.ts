import { describe, expect, it } from 'vitest'

import { checkBaseline, formatBaseline, parseBaseline, updatedBaseline } from './baseline.ts'

describe('baseline', () => {
  it('reads and writes one sorted name per line', () => {
    expect(parseBaseline('b\n\n# note\na\n')).toEqual(['b', 'a'])
    expect(formatBaseline(['b', 'a', 'b'])).toBe('a\nb\n')
    expect(formatBaseline([])).toBe('')
  })

  it('finds regressions, new passes and stale names', () => {
    const ran = new Map([
      ['a', true],
      ['b', false],
      ['c', true],
    ])
    expect(checkBaseline(['a', 'b', 'gone'], ran, new Set(['a', 'b', 'c']))).toEqual({
      regressions: ['b'],
      newPasses: ['c'],
      unknown: ['gone'],
    })
    // a filtered run judges only its own cases
    expect(checkBaseline(['a', 'zzz'], new Map([['a', true]]))).toEqual({ regressions: [], newPasses: [], unknown: [] })
  })

  it('updates only the cases that were run', () => {
    expect(
      updatedBaseline(
        ['a', 'b', 'x'],
        new Map([
          ['a', false],
          ['b', true],
          ['c', true],
        ]),
      ),
    ).toEqual(['b', 'c', 'x'])
  })
})
