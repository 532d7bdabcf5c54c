import { describe, expect, it } from 'vitest'

import { decodeUtf8, firstInvalidUtf8 } from './decodeUtf8.ts'

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)))

describe('decodeUtf8', () => {
  it('decodes proper UTF-8 and keeps a byte order mark', () => {
    expect(decodeUtf8(bytes('<a>é😀</a>'))).toEqual({ ok: true, value: '<a>é😀</a>' })
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], '<a/>'))).toEqual({ ok: true, value: '\uFEFF<a/>' })
  })

  it('refuses invalid UTF-8 with the byte offset, the place and the bytes', () => {
    const r = decodeUtf8(bytes('<a>\n  <b>é', [0xe9, 0x74, 0xe9], '</b></a>'))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'bad-encoding', byteOffset: 11, line: 2, column: 7 })
    expect(r.error.message).toBe('input is not proper UTF-8: invalid byte sequence at byte 11 (bytes: 0xE9 0x74 0xE9 0x3C)')
  })

  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    const bad: Array<[number[], number]> = [
      [[0xc0, 0x80], 0],
      [[0xe0, 0x80, 0x80], 0],
      [[0xf0, 0x80, 0x80, 0x80], 0],
      [[0xed, 0xa0, 0x80], 0],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0xf5, 0x80, 0x80, 0x80], 0],
      [[0x41, 0x80], 1],
      [[0x41, 0xe2, 0x82], 1],
      [[0x41, 0xe2, 0x82, 0x41], 1],
    ]
    for (const [b, offset] of bad) {
      const r = decodeUtf8(new Uint8Array(b))
      expect(r.ok ? undefined : r.error.byteOffset, b.join(' ')).toBe(offset)
    }
  })

  it('agrees with a fatal TextDecoder on random bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true })
    let seed = 12345
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let n = 0; n < 2000; n++) {
      // mostly valid sequences, with a byte changed here and there
      const text = Array.from({ length: 12 }, () => String.fromCodePoint([0x41, 0xe9, 0x20ac, 0x1f600][next() % 4]!)).join('')
      const b = new TextEncoder().encode(text)
      b[next() % b.length] = next() % 256
      let valid = true
      try {
        fatal.decode(b)
      } catch {
        valid = false
      }
      expect(firstInvalidUtf8(b) === b.length).toBe(valid)
    }
  })
})
