/** A deterministic pseudo-random source: the same seed always yields the same sequence. */
export interface Rng {
  /** a float in [0, 1) */
  next(): number
  /** an integer in [min, max], both included */
  int(min: number, max: number): number
  /** true with probability `p` */
  chance(p: number): boolean
  /** one element of a non-empty list */
  pick<T>(items: readonly T[]): T
  /** a 32-bit unsigned integer */
  uint32(): number
}

/**
 * mulberry32: small, fast and good enough to spread test cases; not for anything secret.
 *
 * @param seed any integer; only its low 32 bits count
 * @example
 * const rng = createRng(42)
 * rng.int(1, 6) // always the same first roll for seed 42
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  const next = (): number => uint32() / 4294967296
  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)] as T
    },
  }
}

/**
 * The seed of case `index` of a run seeded with `seed` (splitmix32 of both), so any case can be
 * generated on its own, without the ones before it.
 */
export function caseSeed(seed: number, index: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b9) + Math.imul(index + 1, 0x85ebca6b)) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
  return (z ^ (z >>> 16)) >>> 0
}
