import { describe, expect, it } from 'vitest'

import { caseSeed, createRng } from './rng.ts'

describe('createRng', () => {
  it('repeats its sequence for the same seed', () => {
    const a = createRng(99)
    const b = createRng(99)
    for (let i = 0; i < 100; i++) expect(a.uint32()).toBe(b.uint32())
  })

  it('stays within bounds', () => {
    const r = createRng(3)
    for (let i = 0; i < 1000; i++) {
      const n = r.int(2, 5)
      expect(n).toBeGreaterThanOrEqual(2)
      expect(n).toBeLessThanOrEqual(5)
      const f = r.next()
      expect(f).toBeGreaterThanOrEqual(0)
      expect(f).toBeLessThan(1)
    }
  })

  it('refuses to pick from nothing', () => {
    expect(() => createRng(1).pick([])).toThrow()
  })
})

describe('caseSeed', () => {
  it('spreads neighbouring seeds and indexes', () => {
    const seeds = new Set<number>()
    for (let s = 0; s < 20; s++) for (let i = 0; i < 50; i++) seeds.add(caseSeed(s, i))
    expect(seeds.size).toBe(1000)
  })
})
