/** Equal plain data (primitives, arrays, plain objects), compared member by member. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  let n = 0
  for (const k in ra) {
    if (!Object.hasOwn(rb, k) || !sameData(ra[k], rb[k])) return false
    n++
  }
  for (const k in rb) if (Object.hasOwn(rb, k)) n--
  return n === 0
}
