import type { MachineRef } from './machineType.ts'

/** The libvirt releases devaddr can imitate. */
export const LIBVIRT_VERSIONS = ['9.9', '9.0'] as const
export type LibvirtVersion = (typeof LIBVIRT_VERSIONS)[number]

/**
 * Where libvirt releases (with the QEMU they are tested against) differ in what devaddr
 * models. 9.9 with QEMU 8.2 is the corpus's; 9.0 with QEMU 7.2 is Debian 12's, checked live.
 */
export interface LibvirtProfile {
  version: LibvirtVersion
  /** q35 gets an implicit iTCO watchdog (libvirt >= 9.1) */
  implicitItcoWatchdog: boolean
  /** watchdog and panic models the release knows */
  knownWatchdogModels: readonly string[]
  knownPanicModels: readonly string[]
  /** more than one watchdog device (libvirt >= 9.1) */
  multipleWatchdogs: boolean
  /** QEMU has lsi53c895a on aarch64, so its default SCSI model is lsilogic there */
  lsiOnArm: boolean
  /** what the QEMU expands machine aliases to when a domain is defined */
  machineAliases: Readonly<Record<string, string>>
}

const WATCHDOGS_9_0 = ['i6300esb', 'ib700', 'diag288']
const PANICS_9_0 = ['isa', 'pseries', 'hyperv', 's390']

export const LIBVIRT_PROFILES: Readonly<Record<LibvirtVersion, LibvirtProfile>> = {
  '9.9': {
    version: '9.9',
    implicitItcoWatchdog: true,
    knownWatchdogModels: [...WATCHDOGS_9_0, 'itco'],
    knownPanicModels: [...PANICS_9_0, 'pvpanic'],
    multipleWatchdogs: true,
    lsiOnArm: false,
    // note: libvirt's test suite keeps aliases as written; a live 9.9 would expand them to QEMU 8.2's
    machineAliases: {},
  },
  '9.0': {
    version: '9.0',
    implicitItcoWatchdog: false,
    knownWatchdogModels: WATCHDOGS_9_0,
    knownPanicModels: PANICS_9_0,
    multipleWatchdogs: false,
    lsiOnArm: true,
    machineAliases: { q35: 'pc-q35-7.2', pc: 'pc-i440fx-7.2', virt: 'virt-7.2' },
  },
}

/** The machine type as the profile's QEMU records it. */
export function canonicalMachine(profile: LibvirtProfile, m: MachineRef): string {
  return profile.machineAliases[m.machine] ?? m.machine
}
