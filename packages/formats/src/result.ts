import type { Result } from 'devaddr'

// note: devaddr exports only the Result type; these two constructors mirror its own.
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error })

/** Makes a forgotten case of a union a compile error. */
export function exhaustive(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
