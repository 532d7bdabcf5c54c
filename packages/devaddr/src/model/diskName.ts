/**
 * libvirt's disk target names: a prefix (`vd`, `sd`, `hd`…) and a bijective base-26 suffix,
 * `a`…`z`, `aa`, `ab`…, or (from libvirt 11.5) an NVMe name `nvme<controller>n<namespace>`.
 */

const INT_MAX = 2 ** 31 - 1

/** The length of the name's prefix (`fd`, `hd`, `vd`, `sd`, `xvd`, `ubd`); 0 when it has none. */
function prefixLength(name: string): number {
  const first = name.charCodeAt(0)
  if (name.charCodeAt(1) === 0x64 /* d */ && (first === 0x66 || first === 0x68 || first === 0x76 || first === 0x73)) return 2
  return name.startsWith('xvd') || name.startsWith('ubd') ? 3 : 0
}

/** An NVMe target name read: the controller it names and its namespace (1 and up). */
export interface NvmeDiskName {
  controller: number
  namespace: number
}

/**
 * NVMe names as libvirt 12.8 reads them: `nvme`, the controller number, `n`, the namespace
 * number (never 0), and optionally `p` and a partition number, which libvirt does not refuse on
 * them. Numbers may have leading zeros (`nvme01n02` names controller 1) and must fit an int.
 * Seen live: `nvme0n0`, `nvme0`, `nvme0n` and `nvme0n1x` are unknown disk names.
 * @see virDiskNameParse
 */
const NVME_NAME = /^nvme([0-9]+)n([0-9]+)(?:p[0-9]+)?$/

/** `nvme1n3` → controller 1, namespace 3; undefined for any other name. @see virDiskNameParse */
export function parseNvmeDiskName(name: string | undefined): NvmeDiskName | undefined {
  if (name === undefined || !name.startsWith('nvme')) return undefined
  const m = NVME_NAME.exec(name)
  if (m === null) return undefined
  const controller = Number(m[1])
  const namespace = Number(m[2])
  if (namespace === 0 || controller > INT_MAX || namespace > INT_MAX) return undefined
  return { controller, namespace }
}

/**
 * The index a drive address is computed from: an NVMe name's namespace less one (the controller
 * number is not part of it), else the name's index. Seen live on 12.8: `nvme1n2` on SATA is
 * unit 1, `nvme3n1` unit 0.
 * @see virDomainDiskDefAssignAddress
 */
export function driveIndexOfName(name: string | undefined): number {
  const nvme = parseNvmeDiskName(name)
  return nvme === undefined ? diskNameToIndex(name) : nvme.namespace - 1
}

/**
 * `vda` → 0, `sdb` → 1, `hdaa` → 26; -1 when the name has no such suffix or its index overflows
 * an int. An NVMe name has none either: libvirt sorts NVMe-named disks before every other disk
 * of their bus and keeps their order (seen live on 12.8: `sda`, `nvme0n2` are listed
 * `nvme0n2`, `sda`; `nvme0n2`, `nvme0n1` stay so).
 * @see virDiskNameToIndex, virDomainDiskInsert
 */
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
