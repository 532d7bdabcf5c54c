import { describe, expect, it } from 'vitest'

import { sameData } from './sameData.ts'

describe('sameData', () => {
  it('compares plain data member by member', () => {
    expect(sameData({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true)
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(sameData([1], { 0: 1 })).toBe(false)
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true)
  })
})
