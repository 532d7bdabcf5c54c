import { describe, expect, it } from 'vitest'
import { parseUnsigned } from './parseNumber.ts'

describe('parseUnsigned', () => {
  it('reads decimal, 0x-hex and 0-octal like strtoul base 0', () => {
    expect(parseUnsigned('0')).toBe(0)
    expect(parseUnsigned('17')).toBe(17)
    expect(parseUnsigned('0x1f')).toBe(31)
    expect(parseUnsigned('0X1F')).toBe(31)
    expect(parseUnsigned('010')).toBe(8)
  })

  it('refuses signs, blanks, junk and bad digits', () => {
    for (const s of ['', '-1', '+1', ' 1', '1 ', '0x', '08', '1a', 'abc', '0x1g', '1e3']) expect(parseUnsigned(s), s).toBeUndefined()
  })
})
