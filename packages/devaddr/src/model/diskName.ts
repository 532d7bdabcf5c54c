/**
 * libvirt's disk target names: a prefix (`vd`, `sd`, `hd`…) and a bijective base-26 suffix,
 * `a`…`z`, `aa`, `ab`…
 */

const INT_MAX = 2 ** 31 - 1

const NAME = /^(?:fd|hd|vd|sd|xvd|ubd)([a-z]+)/

/** `vda` → 0, `sdb` → 1, `hdaa` → 26; -1 when the name has no such suffix or its index overflows an int. @see virDiskNameToIndex */
export function diskNameToIndex(name: string | undefined): number {
  const m = name === undefined ? null : NAME.exec(name)
  if (!m) return -1
  let idx = 0
  for (const ch of m[1]!) {
    idx = idx * 26 + (ch.charCodeAt(0) - 96)
    // note: libvirt refuses a suffix whose index would not fit a C int
    if (idx - 1 >= INT_MAX / 26) return -1
  }
  return idx - 1
}

/** (`vd`, 0) → `vda`, (`sd`, 26) → `sdaa`. @see virIndexToDiskName */
export function diskNameFromIndex(prefix: string, index: number): string {
  let suffix = ''
  for (let i = index; i >= 0; i = Math.floor(i / 26) - 1) suffix = String.fromCharCode(97 + (i % 26)) + suffix
  return prefix + suffix
}
