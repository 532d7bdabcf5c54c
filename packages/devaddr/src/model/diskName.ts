/**
 * libvirt's disk target names: a prefix (`vd`, `sd`, `hd`…) and a bijective base-26 suffix,
 * `a`…`z`, `aa`, `ab`…
 */

const INT_MAX = 2 ** 31 - 1

/** The length of the name's prefix (`fd`, `hd`, `vd`, `sd`, `xvd`, `ubd`); 0 when it has none. */
function prefixLength(name: string): number {
  const first = name.charCodeAt(0)
  if (name.charCodeAt(1) === 0x64 /* d */ && (first === 0x66 || first === 0x68 || first === 0x76 || first === 0x73)) return 2
  return name.startsWith('xvd') || name.startsWith('ubd') ? 3 : 0
}

/** `vda` → 0, `sdb` → 1, `hdaa` → 26; -1 when the name has no such suffix or its index overflows an int. @see virDiskNameToIndex */
export function diskNameToIndex(name: string | undefined): number {
  // note: character codes, not a regular expression and a loop over its match: every disk's
  // name is read when the domain is parsed, sorted and addressed
  if (name === undefined) return -1
  const from = prefixLength(name)
  if (from === 0) return -1
  let idx = 0
  let i = from
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 0x61 || c > 0x7a) break
    idx = idx * 26 + (c - 96)
    // note: libvirt refuses a suffix whose index would not fit a C int
    if (idx - 1 >= INT_MAX / 26) return -1
  }
  return i === from ? -1 : idx - 1
}

/** (`vd`, 0) → `vda`, (`sd`, 26) → `sdaa`. @see virIndexToDiskName */
export function diskNameFromIndex(prefix: string, index: number): string {
  let suffix = ''
  for (let i = index; i >= 0; i = Math.floor(i / 26) - 1) suffix = String.fromCharCode(97 + (i % 26)) + suffix
  return prefix + suffix
}
