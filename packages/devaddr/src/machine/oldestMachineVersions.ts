import { compareVersions } from './qemuCapabilities.ts'

/**
 * The oldest versioned machine type a QEMU still offers, per machine family: QEMU removes old
 * machine versions (pc-i440fx-1.4…2.3 went in 10.0, everything before 5.2 in 11.1), and libvirt
 * refuses a domain whose machine its emulator does not list.
 * Source: `qemu-system-x86_64 -machine help` / `qemu-system-aarch64 -machine help` of the QEMUs
 * the release profiles run on (Debian's builds: 7.2, 10.0, 11.1).
 * @see virQEMUCapsIsMachineSupported
 */
export interface OldestMachineVersions {
  /** QEMU version, `10.0` */
  qemu: string
  /** machine family (the name before the version: `pc-i440fx`, `pc-q35`, `virt`) → its oldest version */
  oldest: Readonly<Record<string, string>>
}

export const OLDEST_MACHINE_VERSIONS: readonly OldestMachineVersions[] = [
  { qemu: '7.2', oldest: { 'pc-i440fx': '1.4', 'pc-q35': '2.4', virt: '2.6' } },
  { qemu: '10.0', oldest: { 'pc-i440fx': '2.4', 'pc-q35': '2.4', virt: '2.6' } },
  { qemu: '11.1', oldest: { 'pc-i440fx': '5.2', 'pc-q35': '5.2', virt: '5.2' } },
]

/**
 * The oldest version of machine `family` that QEMU `qemu` offers, from the newest record not
 * newer than it; undefined when nothing is recorded (an older QEMU, or a family with no record:
 * then no version is too old).
 */
export function oldestMachineVersion(family: string, qemu: string): string | undefined {
  let best: OldestMachineVersions | undefined
  for (const r of OLDEST_MACHINE_VERSIONS)
    if (compareVersions(r.qemu, qemu) <= 0 && (!best || compareVersions(r.qemu, best.qemu) > 0)) best = r
  return best?.oldest[family]
}
