import type { DomainDef } from '../domain/domainDef.ts'
import { fail } from '../failure.ts'
import {
  isArm,
  isArmVirt,
  isI440fx,
  isLoongArch,
  isLoongArchVirt,
  isPpc32,
  isPpc64,
  isPSeries,
  isQ35,
  isRiscv,
  isRiscvVirt,
  isS390,
  isS390Ccw,
  isX86,
} from '../machine/machineType.ts'
import { oldestMachineVersion } from '../machine/oldestMachineVersions.ts'
import { compareVersions } from '../machine/qemuCapabilities.ts'

/** The machine types devaddr models, per architecture family, as a user would write them. */
const MODELLED_MACHINES: ReadonlyArray<{
  arch: (d: DomainDef) => boolean
  arches: string
  machines: string
  known: (d: DomainDef) => boolean
}> = [
  {
    arch: isX86,
    arches: 'x86_64, i686',
    machines: "'pc' (pc-i440fx-*), 'q35' (pc-q35-*), 'isapc'",
    known: (d) => isQ35(d) || isI440fx(d) || d.machine === 'isapc',
  },
  {
    arch: isArm,
    arches: 'aarch64, armv7l, armv6l',
    machines: "'virt' (virt-*), 'versatilepb', 'realview-*', 'vexpress-*', 'borzoi'",
    known: (d) => isArmVirt(d) || ['versatilepb', 'borzoi'].includes(d.machine) || /^(realview|vexpress)-/.test(d.machine),
  },
  { arch: isRiscv, arches: 'riscv64, riscv32', machines: "'virt' (virt-*)", known: isRiscvVirt },
  {
    arch: isPpc64,
    arches: 'ppc64, ppc64le',
    machines: "'pseries' (pseries-*), 'mac99', 'g3beige', 'powernv*'",
    known: (d) => isPSeries(d) || d.machine === 'mac99' || d.machine === 'g3beige' || d.machine.startsWith('powernv'),
  },
  {
    arch: isPpc32,
    arches: 'ppc, ppcemb',
    machines: "'mac99', 'g3beige', 'ppce500'",
    known: (d) => ['mac99', 'g3beige', 'ppce500'].includes(d.machine),
  },
  { arch: isS390, arches: 's390x, s390', machines: "'s390-ccw-virtio' (s390-ccw-virtio-*)", known: isS390Ccw },
  { arch: isLoongArch, arches: 'loongarch64', machines: "'virt' (virt-*)", known: isLoongArchVirt },
  { arch: (d) => d.arch === 'sparc', arches: 'sparc', machines: "'SS-5'", known: (d) => d.machine === 'SS-5' },
]

/**
 * The architecture and machine type must be ones devaddr models, as libvirt refuses an
 * architecture its emulators lack and a machine type the emulator does not offer (unless
 * `anyMachineVersion` asks to address that one as its family). Checked first, so that an
 * unknown machine is named as such, not as a missing PCI bus.
 * @see virCapabilitiesDomainDataLookup, qemuValidateDomainDef, virQEMUCapsIsMachineSupported
 */
export function validateMachine(def: DomainDef): void {
  const family = MODELLED_MACHINES.find((f) => f.arch(def))
  if (family === undefined)
    fail(
      'unsupported',
      `architecture '${def.arch}' is not one devaddr models (it models ${MODELLED_MACHINES.map((f) => f.arches).join(', ')})`,
      { libvirtFunction: 'virCapabilitiesDomainDataLookup' },
    )
  if (!family.known(def))
    fail(
      'unsupported',
      `machine type '${def.machine}' of architecture '${def.arch}' is not one devaddr models (for ${def.arch}: ${family.machines})`,
      { libvirtFunction: 'qemuValidateDomainDef' },
    )
  if (def.anyMachineVersion) return
  const version = VERSIONED_MACHINE.exec(def.machine)
  if (!version) {
    // note: RHEL's, Ubuntu's or old QEMUs' names (pc-i440fx-rhel7.6.0, pc-q35-noble, rhel6.6.0,
    // pc-1.2): the QEMU of every release profile, Debian's upstream build, lists none of them
    const family = VERSIONED_FAMILY.exec(def.machine)?.[1] ?? (isI440fx(def) && def.machine !== 'pc' ? 'pc-i440fx' : undefined)
    if (family !== undefined)
      fail(
        'unsupported',
        `QEMU ${def.qemu} has no machine type '${def.machine}' (upstream QEMU names its ${family} machines ${family}-<major>.<minor>; other names are a distribution's own QEMU build's)`,
        { libvirtFunction: 'virQEMUCapsIsMachineSupported' },
      )
    return
  }
  const asked = `${version[2]}.${version[3]}`
  if (compareVersions(asked, def.qemu) > 0)
    fail('unsupported', `QEMU ${def.qemu} has no machine type '${def.machine}' (a QEMU offers machine versions up to its own)`, {
      libvirtFunction: 'virQEMUCapsIsMachineSupported',
    })
  const name = version[1]!
  // note: virt's record is aarch64's; other arches' virt machines have none
  const oldest = name === 'virt' && def.arch !== 'aarch64' ? undefined : oldestMachineVersion(name, def.qemu)
  if (oldest !== undefined && compareVersions(asked, oldest) < 0)
    fail('unsupported', `QEMU ${def.qemu} has no machine type '${def.machine}' (it offers ${name} machine versions from ${oldest} on)`, {
      libvirtFunction: 'virQEMUCapsIsMachineSupported',
    })
}

/** An upstream versioned machine type (`pc-q35-8.2`, `pc-i440fx-7.1`, `virt-9.0`, `pseries-8.2`, `s390-ccw-virtio-10.0`). */
const VERSIONED_MACHINE = /^(pc-q35|pc-i440fx|virt|pseries|s390-ccw-virtio)-(\d+)\.(\d+)$/
/** A name of one of those families with something after the family name. */
const VERSIONED_FAMILY = /^(pc-q35|pc-i440fx|virt|pseries|s390-ccw-virtio)-/
