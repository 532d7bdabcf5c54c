import type { Address } from './address.ts'

/** The device elements of a libvirt `<devices>` block, in libvirt's XML output order. */
export const DEVICE_KINDS = [
  'disk',
  'controller',
  'lease',
  'filesystem',
  'interface',
  'smartcard',
  'serial',
  'parallel',
  'console',
  'channel',
  'input',
  'tpm',
  'graphics',
  'sound',
  'audio',
  'video',
  'hostdev',
  'redirdev',
  'redirfilter',
  'hub',
  'watchdog',
  'memballoon',
  'rng',
  'nvram',
  'panic',
  'shmem',
  'memory',
  'crypto',
  'iommu',
  'vsock',
  'pstore',
] as const

export type DeviceKind = (typeof DEVICE_KINDS)[number]

export function isDeviceKind(name: string): name is DeviceKind {
  return (DEVICE_KINDS as readonly string[]).includes(name)
}

/** Where a device in an expansion came from. */
export type DeviceOrigin =
  /** given in the input */
  | 'input'
  /** a default device libvirt adds to every domain of this machine (pcie-root, memballoon…) */
  | 'default'
  /** a controller some device needs (a SATA controller for a SATA disk…) */
  | 'implicit'
  /** a PCI controller added by address assignment (root ports, bridges) */
  | 'auto'

/** `<target>` of a `<controller>` (PCI controllers mostly). */
export interface ControllerTarget {
  chassisNr?: number
  chassis?: number
  port?: number
  busNr?: number
  /** pSeries PHB target index */
  index?: number
  hotplug?: 'on' | 'off'
  /** NUMA node of an expander bus (`<target><node>`) */
  node?: number
  memReserve?: number
}

/**
 * One device as the engine sees it. Only what address assignment reads is modelled;
 * everything else stays in the source document (see the formats package).
 *
 * Field meaning depends on `kind`:
 * - `type`: the element's `type` attribute (controller type, interface/disk/chr/input/hub/hostdev type…)
 * - `model`: controller `model`, interface/video `<model type>`, sound/watchdog/memballoon/rng/iommu/
 *   panic/memory/vsock/crypto/tpm/input/disk/filesystem `model`, shmem `<model type>`, hostdev mdev `model`
 * - `bus`: disk `<target bus>`, input `bus`, redirdev `bus`
 */
export interface Device {
  /** Stable identity inside one expansion: `${kind}${n}` for input devices (n counts that kind). */
  id: string
  kind: DeviceKind
  origin: DeviceOrigin
  /** Index of the device among the input's `<devices>` children, for input devices. */
  sourceIndex?: number
  type?: string
  model?: string
  bus?: string
  address?: Address

  /** `<boot order>` of a disk, filesystem, interface, hostdev or redirdev: 1 boots first */
  bootOrder?: number

  // disk
  /** disk `<target dev>` */
  dst?: string
  /** disk `device` attribute: disk, cdrom, floppy, lun */
  diskDevice?: string
  /** a disk with no medium: no `<source>`, or one naming no file, device or directory */
  emptyMedium?: boolean
  /** a disk's `<readonly/>`: the guest cannot write its medium (IDE and SATA disks cannot be) */
  readOnly?: boolean
  /**
   * `<serial>` of a disk, or of an NVMe controller: QEMU gives the serial to the NVMe controller,
   * and libvirt copies it there from the controller's disks (the only controller field it writes
   * from another device's)
   */
  serial?: string

  // controller
  index?: number
  /** `<model name>` of a PCI controller */
  modelName?: string
  target?: ControllerTarget
  /** USB `ports` / virtio-serial `ports` */
  ports?: number
  /** `<master startport>` of a USB companion controller */
  masterStartport?: number

  // hostdev (and interface type='hostdev')
  /** hostdev `mode`: subsystem or capabilities */
  mode?: string
  /**
   * Host-dependent: is the passed-through PCI device PCI Express? libvirt reads sysfs;
   * undefined means "cannot tell", which libvirt treats as PCIe.
   */
  hostIsPcie?: boolean
  /** the host PCI address of a passed-through device (`<source><address>`), `dddd:bb:ss.f` */
  hostAddress?: string
  /**
   * Host-dependent: the host IOMMU group of a passed-through PCI device (pSeries puts each
   * group on its own PHB). Undefined: functions of one host slot are taken as one group.
   */
  hostIommuGroup?: number

  // filesystem
  /** filesystem `<driver type>`: path, handle, virtiofs, loop, nbd, ploop */
  driverType?: string

  // serial, parallel, console, channel
  targetType?: string
  targetModel?: string
  targetPort?: number
  /** channel `<target name>` */
  targetName?: string

  // video
  primary?: boolean

  /** watchdog `action` (libvirt's default: reset) */
  action?: string

  // iommu
  /** `<driver intremap>`: interrupt remapping (needs the split I/O APIC, `<ioapic driver='qemu'/>`) */
  intremap?: 'on' | 'off'
  /** `<driver eim>`: extended interrupt mode, which more than 255 vCPUs need (and which needs intremap) */
  eim?: 'on' | 'off'

  /** memory `<target>`: has a `<node>` or is a dimm/nvdimm needing a slot */
  memorySlotted?: boolean

  // per-device policy tunables (not libvirt XML; carried in devaddr's metadata)
  /** guest NUMA node the device should be local to (an expander bus of that node) */
  numaNode?: number
  /** force a conventional PCI slot, a PCIe slot, or a slot on the root complex */
  placement?: 'pci' | 'pcie' | 'integrated'
  /** hotplug of the root port holding this device: off keeps the guest from ejecting it */
  hotplug?: 'on' | 'off'
}

/**
 * A short label naming a device in messages: `interface #2 (e1000)`, `disk vda (virtio)`,
 * `controller index 3 (pci pcie-root-port)`. Input devices are numbered per kind from 1;
 * devices the engine added carry no number.
 */
export function deviceLabel(d: Device): string {
  if (d.kind === 'disk' && d.dst) return `disk ${d.dst}${d.bus ? ` (${d.bus})` : ''}`
  if (d.kind === 'controller') {
    const what = `${d.type ?? '?'}${d.model ? ` ${d.model}` : ''}`
    return `controller${d.index !== undefined ? ` index ${d.index}` : ''} (${what})`
  }
  const n = new RegExp(`^${d.kind}(\\d+)$`).exec(d.id)?.[1]
  const what = d.model ?? d.type ?? d.bus
  return `${d.kind}${n !== undefined ? ` #${Number(n) + 1}` : ''}${what ? ` (${what})` : ''}`
}
