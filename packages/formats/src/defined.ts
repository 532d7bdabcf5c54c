/** `T` with every field that may be undefined made optional instead (exactOptionalPropertyTypes). */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>
}

/** A copy without the undefined fields, so optional fields are absent rather than undefined. */
export function defined<T extends object>(o: T): Defined<T> {
  // note: a loop, not Object.entries/fromEntries: this runs for every device the reader builds
  const out: Record<string, unknown> = {}
  for (const k in o) {
    const v = o[k]
    if (v !== undefined) out[k] = v
  }
  return out as Defined<T>
}
