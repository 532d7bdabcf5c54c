import { QEMU_CAPS_TABLE } from './qemuCapsTable.ts'

/**
 * The QEMU device capabilities address assignment (or whether libvirt accepts a device) depends on. Which of them a QEMU has comes
 * from the `qemu` option (a recorded capability set, QEMU_CAPS_TABLE); `qemuCaps.missing`
 * removes single ones on top.
 */
export const QEMU_CAPABILITIES = [
  /** piix3-usb-uhci: the default USB controller of pc machines (and of most others from libvirt 11) */
  'piix3-usb-uhci',
  /** qemu-xhci: the default USB controller of q35 and virt */
  'qemu-xhci',
  /** nec-usb-xhci: q35's fallback USB controller */
  'nec-usb-xhci',
  /** ich9-usb-ehci1: q35's last USB fallback */
  'ich9-usb-ehci1',
  /** pci-ohci: the USB fallback of ppc64 and ARM boards */
  'pci-ohci',
  /** pcie-root-port (else root ports are ioh3420) */
  'pcie-root-port',
  /** pcie-pci-bridge (else conventional PCI on q35 goes behind dmi-to-pci-bridge + pci-bridge) */
  'pcie-pci-bridge',
  /** virtio-*-pci-transitional devices, QEMU >= 4.0 (else virtio devices are conventional PCI) */
  'virtio-pci-transitional',
  /** lsi53c895a: the default SCSI controller (lsilogic) where QEMU has it */
  'lsi',
  /** virtio-pmem-pci: without it libvirt refuses a virtio-pmem memory device (aarch64's QEMU has none) */
  'virtio-pmem-pci',
  /** SCSI commands through virtio-blk (QEMU dropped it in 9.1): without it libvirt refuses a lun on bus virtio */
  'virtio-blk-scsi',
  /** pvpanic: the ISA panic device; without it libvirt refuses a panic of model isa (only x86's QEMU has it) */
  'pvpanic',
] as const

export type QemuCapability = (typeof QEMU_CAPABILITIES)[number]

/** What a QEMU lacks, by capability name; empty means a current QEMU. */
export interface QemuCapabilities {
  missing?: readonly QemuCapability[]
}

/** One recorded QEMU capability set: what it lacks of QEMU_CAPABILITIES. */
export interface QemuCapsEntry {
  arch: string
  /** QEMU version, `10.0.0` */
  qemu: string
  /** libvirt's capability variant (`+hvf`, `+amdsev`); sets with one are only picked by name */
  variant?: string
  lacks: readonly QemuCapability[]
}

/** A QEMU version as the options take it: `10.0` or `10.0.0`. */
export const QEMU_VERSION_PATTERN = /^\d+\.\d+(\.\d+)?$/

/** The arch a capability set is recorded under. */
function capsArch(arch: string): string {
  switch (arch) {
    case 'i686':
      return 'x86_64'
    case 'ppc64le':
      return 'ppc64'
    case 'armv6l':
      return 'armv7l'
    case 's390':
      return 's390x'
    case 'riscv32':
      return 'riscv64'
    default:
      return arch
  }
}

/** Orders two dotted versions (`10.0`, `7.2.22`, `5.2`) numerically; a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/**
 * The recorded capability set that stands for QEMU `qemu` on `arch`: the newest one not newer
 * than it, else the oldest one recorded (a QEMU older than any record is taken as the oldest
 * record). Undefined when nothing is recorded for the arch.
 */
export function recordedQemuCaps(arch: string, qemu: string, variant?: string): QemuCapsEntry | undefined {
  const rows = QEMU_CAPS_TABLE.filter((r) => r.arch === capsArch(arch) && r.variant === variant)
  let best: QemuCapsEntry | undefined
  for (const r of rows) if (compareVersions(r.qemu, qemu) <= 0 && (!best || compareVersions(r.qemu, best.qemu) > 0)) best = r
  return best ?? rows.reduce<QemuCapsEntry | undefined>((a, r) => (!a || compareVersions(r.qemu, a.qemu) < 0 ? r : a), undefined)
}

/**
 * Capabilities every QEMU from a version on lacks, whatever its arch: where the recorded sets
 * of an arch stop before that version (aarch64 has a plain set only up to 8.2), the nearest older
 * set would still have them. Each one is checked against the recorded sets of every arch that has
 * one past the version (qemuCapabilities.test.ts).
 */
export const REMOVED_FROM_QEMU: Readonly<Partial<Record<QemuCapability, string>>> = {
  // note: virtio-blk's SCSI passthrough (scsi=on) went in QEMU 9.1: recorded x86_64 9.0.0 has it,
  // 9.1.0 not; riscv64 9.1.0, s390x 9.1.0 and aarch64 9.2.0+hvf lack it too
  'virtio-blk-scsi': '9.1',
}

// note: every expansion asks; the table is fixed, so each (arch, QEMU) is looked up once
const lacksByQemu = new Map<string, readonly QemuCapability[]>()

function recordedLacks(arch: string, qemu: string): readonly QemuCapability[] {
  const key = `${arch} ${qemu}`
  let lacks = lacksByQemu.get(key)
  if (lacks === undefined) {
    const recorded = recordedQemuCaps(arch, qemu)?.lacks ?? []
    const removed = QEMU_CAPABILITIES.filter((c) => {
      const since = REMOVED_FROM_QEMU[c]
      return since !== undefined && compareVersions(qemu, since) >= 0 && !recorded.includes(c)
    })
    lacks = removed.length > 0 ? [...recorded, ...removed] : recorded
    lacksByQemu.set(key, lacks)
  }
  return lacks
}

/** The capabilities of QEMU `qemu` on `arch`, less the `missing` ones named on top. */
export function qemuCapsFor(arch: string, qemu: string, extra?: QemuCapabilities): QemuCapabilities {
  const named = extra?.missing ?? []
  // note: most expansions name none on top: those share one frozen answer per (arch, QEMU)
  // (building it afresh was most of the 2 µs the set-up of a 100-device expansion took)
  const key = named.length === 0 ? `${arch} ${qemu}` : undefined
  const known = key === undefined ? undefined : capsByQemu.get(key)
  if (known !== undefined) return known
  const lacks = new Set<QemuCapability>(recordedLacks(arch, qemu))
  for (const c of named) lacks.add(c)
  const caps: QemuCapabilities = Object.freeze({ missing: Object.freeze(QEMU_CAPABILITIES.filter((c) => lacks.has(c))) })
  if (key !== undefined) capsByQemu.set(key, caps)
  return caps
}
const capsByQemu = new Map<string, QemuCapabilities>()

export function hasCap(caps: QemuCapabilities | undefined, cap: QemuCapability): boolean {
  return !(caps?.missing ?? []).includes(cap)
}
