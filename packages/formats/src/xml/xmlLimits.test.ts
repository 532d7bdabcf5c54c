import { describe, expect, it } from 'vitest'

import { parseDomainXml } from '../domain/parseDomainXml.ts'
import { parseXml } from './parseXml.ts'
import { checkSize, DEFAULT_MAX_BYTES, MAX_ELEMENT_DEPTH } from './xmlLimits.ts'

const nested = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth)

describe('element depth', () => {
  it('accepts 256 levels, libvirt’s limit', () => {
    expect(MAX_ELEMENT_DEPTH).toBe(256)
    expect(parseXml(nested(256)).ok).toBe(true)
    expect(parseXml(`<r>${'<a>'.repeat(255)}${'</a>'.repeat(255)}<b/></r>`).ok).toBe(true)
  })

  it('refuses a 257th level, self-closing or not, at its start tag', () => {
    for (const xml of [nested(257), `<r>${'<a>'.repeat(255)}<b/>${'</a>'.repeat(255)}</r>`]) {
      const r = parseXml(xml)
      expect(r.ok ? undefined : r.error).toMatchObject({ code: 'too-deep', line: 1, column: 256 * 3 + 1 })
      expect(r.ok ? '' : r.error.message).toMatch(/more than 256 deep, libvirt's limit/)
    }
  })

  it('gives a 3,000-deep domain the too-deep error, not an exception', () => {
    const xml = `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><interface type='network'/>${nested(3000)}</devices></domain>`
    const r = parseDomainXml(xml)
    expect(r.ok ? undefined : r.error.code).toBe('too-deep')
  })
})

describe('document size', () => {
  it('refuses documents over maxBytes, counting UTF-8 bytes', () => {
    expect(parseXml('<a/>', { maxBytes: 4 }).ok).toBe(true)
    expect(parseXml('<a/>', { maxBytes: 3 })).toMatchObject({ ok: false, error: { code: 'too-large' } })
    // é is 2 bytes, 😀 4 (a surrogate pair), € 3, the BOM 3
    const text = '\uFEFF<a>é😀€</a>'
    expect(parseXml(text, { maxBytes: 3 + 3 + 2 + 4 + 3 + 4 }).ok).toBe(true)
    expect(parseXml(text, { maxBytes: 3 + 3 + 2 + 4 + 3 + 4 - 1 })).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })

  it('refuses more than 10 MiB by default, as virsh', () => {
    expect(DEFAULT_MAX_BYTES).toBe(10 * 1024 * 1024)
    const filler = 'x'.repeat(DEFAULT_MAX_BYTES - '<a></a>'.length)
    expect(parseXml(`<a>${filler}</a>`).ok).toBe(true)
    const r = parseXml(`<a>${filler}x</a>`)
    expect(r.ok ? undefined : r.error).toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/over the limit of 10485760 bytes \(10 MiB\)/),
    })
  })

  it('is an option of parseDomainXml too', () => {
    const xml = `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os></domain>`
    expect(parseDomainXml(xml).ok).toBe(true)
    expect(parseDomainXml(xml, { maxBytes: 20 })).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })

  it('decides from the length alone when it can', () => {
    expect(checkSize('x'.repeat(100), 300)).toBeUndefined()
    expect(checkSize('é'.repeat(100), 150)).toMatchObject({ code: 'too-large', message: expect.stringMatching(/is 200 bytes/) })
    expect(checkSize('x'.repeat(100), 99)).toMatchObject({ message: expect.stringMatching(/more than 99 bytes/) })
  })
})
