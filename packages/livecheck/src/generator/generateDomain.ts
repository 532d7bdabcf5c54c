import { diskNameFromIndex } from 'devaddr'

import { caseSeed, createRng, type Rng } from './rng.ts'
import { el, hex } from './xml.ts'

/** The machine families the live check covers. */
export type MachineFamily = 'q35' | 'pc' | 'virt'

/** The libvirt release a domain is generated for: what it accepts differs (see the README). */
export type GeneratorRelease = '9.0' | '11.3' | '12.8'

/** One random domain, ready for `virsh define` and for the engine. */
export interface GeneratedDomain {
  /** `lc-<index>`: unique within a run */
  name: string
  family: MachineFamily
  arch: 'x86_64' | 'aarch64'
  /** `<os><type machine>` as written in the input: an alias (`q35`, `pc`, `virt`) or a versioned name (`pc-q35-9.2`) */
  machine: string
  /** the domain XML */
  xml: string
  /** what the domain exercises, e.g. `numa`, `pcie-expander-bus`, `explicit-pci`; sorted */
  features: string[]
}

/**
 * Generates case `index` of a run seeded with `seed`: a random domain that libvirt should
 * accept, or now and then one with a single platform mistake libvirt refuses (see
 * addPlatformMistake). Pure: the same `(seed, index)` always gives the same XML.
 *
 * What it draws from: virtio/e1000/e1000e/rtl8139 NICs; virtio/sata/scsi/ide disks and cdroms
 * (drive names in libvirt's order, past `vdz` to `vdaa`); virtio-serial channels and consoles;
 * USB tablets, keyboards, mice, hubs, audio and host devices; virtio input; sound; one watchdog;
 * rng; memballoon; video models (a secondary only of a model libvirt 9.0 allows as secondary);
 * 9p filesystems; vsock; pci-serial; explicit PCI, SCSI, USB and virtio-serial controllers;
 * NUMA cells with expander buses (`pci-expander-bus` on pc, `pcie-expander-bus` on q35 and virt);
 * root ports with hotplug off; explicit free addresses on some devices; and versioned machine
 * names (`pc-q35-9.2`), now and then one the release's QEMU no longer or not yet offers.
 * PCI host devices need real host hardware and are never generated.
 *
 * @param seed the run's seed
 * @param index the case number within the run (0-based)
 */
export function generateDomain(seed: number, index: number, release: GeneratorRelease = '9.0'): GeneratedDomain {
  const rng = createRng(caseSeed(seed, index))
  const family = rng.pick<MachineFamily>(['q35', 'q35', 'q35', 'q35', 'pc', 'pc', 'pc', 'virt', 'virt', 'virt'])
  // note: a stream of its own, so that a case's devices are the same whichever machine name it got
  const machine = machineName(createRng(caseSeed(seed, index) ^ MACHINE_STREAM), family, release)
  const b = new DomainBuilder(rng, family, release, machine)
  b.build()
  const name = `lc-${index}`
  const features = [...b.features]
  if (machine !== family) features.push(`machine-${machine}`)
  return {
    name,
    family,
    arch: family === 'virt' ? 'aarch64' : 'x86_64',
    machine,
    xml: b.toXml(name),
    features: features.sort(),
  }
}

const MACHINE_STREAM = 0x6d616368

/**
 * Machine versions each release's QEMU offers (7.2, 10.0, 11.1), from its oldest to its own,
 * as existing VMs carry them (a domain keeps the version it was first defined with: Ubuntu
 * bionic's pc-i440fx-2.11, focal's 4.2…), and now and then one the QEMU no longer or not yet
 * has, which libvirt refuses.
 */
const MACHINE_VERSIONS: Record<GeneratorRelease, Record<MachineFamily, { offered: string[]; refused: string[] }>> = {
  '9.0': {
    q35: { offered: ['2.6', '2.11', '3.1', '4.2', '5.2', '6.2', '7.0', '7.2'], refused: ['8.0'] },
    pc: { offered: ['1.4', '2.11', '3.1', '4.2', '5.2', '6.2', '7.2'], refused: ['8.2'] },
    virt: { offered: ['2.6', '3.1', '4.2', '5.2', '6.2', '7.2'], refused: ['8.0'] },
  },
  '11.3': {
    q35: { offered: ['2.4', '2.11', '4.2', '5.2', '7.2', '8.2', '9.2', '10.0'], refused: ['2.3', '10.1'] },
    pc: { offered: ['2.4', '2.11', '4.2', '5.2', '7.2', '8.2', '9.2', '10.0'], refused: ['1.4', '10.1'] },
    virt: { offered: ['2.6', '4.2', '5.2', '7.2', '8.2', '9.2', '10.0'], refused: ['10.1'] },
  },
  '12.8': {
    q35: { offered: ['5.2', '6.2', '7.2', '8.2', '9.2', '10.0', '11.1'], refused: ['4.2', '11.2'] },
    pc: { offered: ['5.2', '6.2', '7.2', '8.2', '9.2', '10.0', '11.1'], refused: ['2.11', '11.2'] },
    virt: { offered: ['5.2', '6.2', '7.2', '8.2', '9.2', '10.0', '11.1'], refused: ['4.2'] },
  },
}

const MACHINE_PREFIX: Record<MachineFamily, string> = { q35: 'pc-q35-', pc: 'pc-i440fx-', virt: 'virt-' }

/** The alias (`q35`) most of the time, else a versioned name: one the QEMU has, now and then one it lacks. */
function machineName(rng: Rng, family: MachineFamily, release: GeneratorRelease): string {
  if (!rng.chance(0.3)) return family
  const { offered, refused } = MACHINE_VERSIONS[release][family]
  return MACHINE_PREFIX[family] + (rng.chance(0.1) ? rng.pick(refused) : rng.pick(offered))
}

type DiskBus = 'virtio' | 'sata' | 'scsi' | 'ide' | 'usb'

/** A bus a device may be given an explicit PCI address on, with the slots still free there. */
interface EndpointBus {
  index: number
  freeSlots: number[]
}

/** sata: 6 units per controller; scsi: 7 (libvirt's virDomainDiskDefAssignAddress); ide: 2 buses × 2 units. */
function derivedDriveAddress(bus: DiskBus, nameIndex: number): { controller: number; bus: number; unit: number } {
  switch (bus) {
    case 'sata':
      return { controller: Math.floor(nameIndex / 6), bus: 0, unit: nameIndex % 6 }
    case 'scsi':
      return { controller: Math.floor(nameIndex / 7), bus: 0, unit: nameIndex % 7 }
    case 'ide':
      return { controller: Math.floor(nameIndex / 4), bus: Math.floor((nameIndex % 4) / 2), unit: nameIndex % 2 }
    case 'virtio':
    case 'usb':
      return { controller: 0, bus: 0, unit: 0 }
    default:
      return exhaustive(bus)
  }
}

/** `vda`…`vdz`, `vdaa`…: the engine's own reading of libvirt's disk names, in reverse. */
export const diskName = diskNameFromIndex

/**
 * A raw disk element drawn outside the main disk loop (a lun, a floppy, a mistake): a lun's
 * source is a block device, any other's a file; no source leaves the drive empty.
 */
function extraDisk(device: string, dev: string, bus: string, source: string | undefined, readonly = false): string {
  const lun = device === 'lun'
  return el(
    'disk',
    { type: lun ? 'block' : 'file', device },
    el('driver', { name: 'qemu', type: 'raw' }),
    source === undefined ? '' : el('source', lun ? { dev: source } : { file: source }),
    el('target', { dev, bus }),
    readonly ? el('readonly') : '',
  )
}

function exhaustive(value: never): never {
  throw new Error(`unhandled: ${String(value)}`)
}

class DomainBuilder {
  readonly features = new Set<string>()
  private readonly controllers: string[] = []
  private readonly devices: string[] = []
  private readonly endpointBuses: EndpointBus[] = []
  private nextPciIndex = 1
  /** whether PCI controllers are written with index (else in document order after an explicit root) */
  private readonly explicitIndexes: boolean
  private numaCells = 0
  private vcpus = 1
  private hasUsb = false
  private usbPorts = 0
  private usbDevices = 0
  /** ports on the controller itself (explicit USB addresses use only these) */
  private usbRootPorts = 0
  private hubWithoutAddress = false
  private readonly usbPortsUsed = new Set<number>()
  private readonly disks: { bus: DiskBus; device: 'disk' | 'cdrom'; nameIndex: number; vhostUser: boolean }[] = []
  private readonly nameCounters = { vd: 0, sd: 0, hd: 0 }
  private virtioSerialPorts = 0
  private readonly virtioSerialPortsUsed = new Set<number>()
  private uuid = ''

  /** domain-level needs of the devices drawn: `<memoryBacking>` shared, `<maxMemory>`, `<features><acpi/>` */
  private sharedMemory = false
  private memoryDevicesKiB = 0
  private acpi = false
  /** `<features><ioapic driver>`, which an IOMMU's interrupt remapping needs as `qemu` */
  private ioapic: 'qemu' | 'kvm' | undefined
  /** how the domain names its boot devices: `<os><boot dev>`, `<boot order>` on disks and NICs, or not at all */
  private boot: 'os' | 'devices' | 'none' = 'none'
  private bootOrders = 0
  /** a SPICE display, which spicevmc channels and USB redirection need */
  private spice = false

  constructor(
    private readonly rng: Rng,
    private readonly family: MachineFamily,
    private readonly release: GeneratorRelease,
    private readonly machine: string = family,
  ) {
    this.explicitIndexes = rng.chance(0.75)
  }

  /** libvirt 11.x and later */
  private get newer(): boolean {
    return this.release !== '9.0'
  }

  build(): void {
    const { rng } = this
    this.uuid = this.makeUuid()
    this.vcpus = rng.int(1, 8)
    // note: now and then more than 255 vCPUs (which need an IOMMU with extended interrupt mode,
    // which 9.0 wants written and 11.3 adds) and past q35's limit on QEMU 7.2 (288)
    if (this.family === 'q35' && rng.chance(0.04)) {
      this.vcpus = rng.pick([256, 288, 289, 512])
      this.features.add(`vcpus-${this.vcpus}`)
    }
    if (rng.chance(0.35)) {
      this.numaCells = rng.int(2, 4)
      this.vcpus = Math.max(this.vcpus, this.numaCells)
      this.features.add('numa')
    }
    this.boot = rng.pick(['os', 'os', 'devices', 'none'] as const)
    this.features.add(`boot-${this.boot}`)
    this.addRootBus()
    this.addPciControllers()
    this.addUsbController()
    this.addOtherControllers()
    this.addDisks()
    this.addInterfaces()
    this.addChannels()
    this.addInputs()
    this.addMisc()
    this.addExtended()
    this.addPlatformMistake()
  }

  /**
   * Now and then one thing libvirt refuses, so that the engine's refusals are checked as well as
   * its addresses: vhost-user devices without shared memory (disks in every release, NICs from
   * 11.x), virtio-iommu without ACPI, the iTCO watchdog or an intel IOMMU on pc, ACPI on aarch64
   * without UEFI, virtio-pmem on aarch64 (its QEMU has none), a per-device boot order beside
   * `<os><boot dev>` or two devices with one boot order, a spicevmc channel without a SPICE
   * display, a disk refused for its device and bus (no medium, a cdrom on virtio-blk, a lun on
   * SATA, a lun on virtio-blk from QEMU 9.1, a read-only SATA disk), two disks with one target
   * name, a tablet on PS/2. Drawn last, so the devices before
   * are those of a domain without the mistake.
   */
  private addPlatformMistake(): void {
    const { rng } = this
    if (!rng.chance(0.08)) return
    const mistakes: [string, () => void][] = []
    if (this.sharedMemory) mistakes.push(['no-shared-memory', () => (this.sharedMemory = false)])
    if (this.spice) mistakes.push(['spicevmc-without-spice', () => (this.spice = false)])
    if (this.bootOrders > 0) {
      mistakes.push(['boot-order-beside-os-boot', () => (this.boot = 'os')])
      mistakes.push(['duplicate-boot-order', () => this.devices.push(el('interface', { type: 'user' }, el('boot', { order: 1 })))])
    }
    if (this.acpi) mistakes.push(['iommu-without-acpi', () => (this.acpi = false)])
    // disks libvirt refuses for their device and bus: a disk with no medium, a cdrom on
    // virtio-blk, a lun on a bus with no SCSI passthrough; a lun on virtio-blk only from QEMU 9.1
    const disk =
      (device: string, bus: string, prefix: 'vd' | 'sd', source: boolean, readonly = false) =>
      () => {
        const dev = diskName(prefix, this.nameCounters[prefix]++)
        const path = device === 'lun' ? `/dev/disk/by-id/wwn-devaddr-${dev}` : `/var/lib/devaddr/${dev}.img`
        this.devices.push(extraDisk(device, dev, bus, source ? path : undefined, readonly))
      }
    mistakes.push(['disk-without-source', disk('disk', 'virtio', 'vd', false)])
    mistakes.push(['cdrom-on-virtio', disk('cdrom', 'virtio', 'vd', true)])
    mistakes.push(['lun-on-virtio', disk('lun', 'virtio', 'vd', true)])
    if (this.family !== 'virt') mistakes.push(['lun-on-sata', disk('lun', 'sata', 'sd', true)])
    if (this.family !== 'virt') mistakes.push(['read-only-sata-disk', disk('disk', 'sata', 'sd', true, true)])
    if (this.family !== 'virt') mistakes.push(['tablet-on-ps2', () => this.devices.push(el('input', { type: 'tablet', bus: 'ps2' }))])
    const first = this.disks[0]
    if (first !== undefined) {
      const prefix = first.bus === 'virtio' ? 'vd' : first.bus === 'ide' ? 'hd' : 'sd'
      const dev = diskName(prefix, first.nameIndex)
      mistakes.push([
        'duplicate-disk-target',
        () => this.devices.push(extraDisk('disk', dev, first.bus, `/var/lib/devaddr/${dev}-again.img`)),
      ])
    }
    if (this.family === 'pc') {
      mistakes.push(['itco-on-pc', () => this.devices.push(el('watchdog', { model: 'itco', action: 'reset' }))])
      mistakes.push(['intel-iommu-on-pc', () => this.devices.push(el('iommu', { model: 'intel' }))])
    }
    if (this.family === 'virt') {
      mistakes.push(['acpi-without-uefi', () => (this.acpi = true)])
      const pmem = el(
        'memory',
        { model: 'virtio-pmem', access: 'shared' },
        el('source', {}, el('path', {}, '/var/lib/devaddr/pmem-aarch64')),
        el('target', {}, el('size', { unit: 'KiB' }, String(512 * MIB))),
      )
      mistakes.push([
        'virtio-pmem-on-aarch64',
        () => {
          this.devices.push(pmem)
          this.memoryDevicesKiB += 512 * MIB
        },
      ])
    }
    if (mistakes.length === 0) return
    const [name, apply] = rng.pick(mistakes)
    apply()
    this.features.add(`mistake-${name}`)
  }

  toXml(name: string): string {
    const os = el(
      'os',
      {},
      el('type', { arch: this.family === 'virt' ? 'aarch64' : 'x86_64', machine: this.machine }, 'hvm'),
      this.boot === 'os' ? el('boot', { dev: 'hd' }) : '',
    )
    const lines = [`<domain type='qemu'>`, `  <name>${name}</name>`, `  <uuid>${this.uuid}</uuid>`]
    if (this.memoryDevicesKiB > 0) lines.push(`  <maxMemory slots='16' unit='KiB'>16777216</maxMemory>`)
    lines.push(`  <memory unit='KiB'>${Math.max(1, this.numaCells) * 524288 + this.memoryDevicesKiB}</memory>`)
    // note: libvirt 11.x refuses vhost-user devices without shared memory; 9.0 takes either
    if (this.sharedMemory) lines.push(`  <memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking>`)
    lines.push(`  <vcpu>${this.vcpus}</vcpu>`, `  ${os}`)
    // note: virtio-iommu requires ACPI (which on aarch64 requires UEFI, so never there)
    const features = [this.acpi ? '<acpi/>' : '', this.ioapic ? el('ioapic', { driver: this.ioapic }) : ''].join('')
    if (features !== '') lines.push(`  <features>${features}</features>`)
    if (this.numaCells > 0) lines.push(`  ${this.numaXml()}`)
    lines.push('  <devices>')
    for (const d of [...this.controllers, ...this.devices]) lines.push(`    ${d}`)
    if (this.spice) lines.push(`    ${el('graphics', { type: 'spice', autoport: 'yes' }, el('listen', { type: 'none' }))}`)
    lines.push('  </devices>', '</domain>', '')
    return lines.join('\n')
  }

  private makeUuid(): string {
    const h = (n: number): string => Array.from({ length: n }, () => this.rng.int(0, 15).toString(16)).join('')
    return `${h(8)}-${h(4)}-4${h(3)}-${this.rng.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`
  }

  private numaXml(): string {
    const cells: string[] = []
    const perCell = Math.floor(this.vcpus / this.numaCells)
    let cpu = 0
    for (let id = 0; id < this.numaCells; id++) {
      const last = id === this.numaCells - 1
      const count = last ? this.vcpus - cpu : perCell
      const cpus = count === 1 ? `${cpu}` : `${cpu}-${cpu + count - 1}`
      cpu += count
      cells.push(el('cell', { id, cpus, memory: 524288, unit: 'KiB' }))
    }
    return el('cpu', {}, el('numa', {}, ...cells))
  }

  // ---- PCI topology ------------------------------------------------------------------------

  private get isPcie(): boolean {
    return this.family !== 'pc'
  }

  private addRootBus(): void {
    const rootSlots = this.family === 'pc' ? range(3, 0x1f) : this.family === 'q35' ? range(3, 0x1e) : range(2, 0x1f)
    this.endpointBuses.push({ index: 0, freeSlots: rootSlots })
    // note: indexless PCI controllers are numbered in document order, so the root must come first
    if (!this.explicitIndexes || this.rng.chance(0.2)) {
      this.controllers.push(el('controller', { type: 'pci', index: 0, model: this.isPcie ? 'pcie-root' : 'pci-root' }))
      if (!this.explicitIndexes) this.features.add('indexless-pci')
    }
  }

  /** Adds a PCI controller and returns the index libvirt will give it. */
  private pciController(model: string, target: string | undefined, address: string | undefined, extra = ''): number {
    const index = this.nextPciIndex++
    const children = [target, address, extra].filter((c): c is string => c !== undefined && c !== '')
    this.controllers.push(el('controller', { type: 'pci', index: this.explicitIndexes ? index : undefined, model }, ...children))
    this.features.add(model)
    return index
  }

  private takeSlot(bus: EndpointBus): number | undefined {
    if (bus.freeSlots.length === 0) return undefined
    const i = this.rng.int(0, bus.freeSlots.length - 1)
    const [slot] = bus.freeSlots.splice(i, 1)
    return slot
  }

  private pciAddress(bus: number, slot: number, fn = 0): string {
    return el('address', { type: 'pci', domain: '0x0000', bus: hex(bus), slot: hex(slot), function: hex(fn, 1) })
  }

  /** An explicit address on a free slot of the root bus (for a controller that must sit there). */
  private rootSlotAddress(): string | undefined {
    const root = this.endpointBuses[0]
    const slot = root === undefined ? undefined : this.takeSlot(root)
    return slot === undefined ? undefined : this.pciAddress(0, slot)
  }

  private addPciControllers(): void {
    const { rng } = this
    if (this.family === 'pc') {
      if (this.numaCells > 0 && rng.chance(0.6)) this.addExpanderBuses('pci-expander-bus')
      const bridges = rng.pick([0, 0, 0, 1, 1, 2])
      for (let i = 0; i < bridges; i++) {
        const target = rng.chance(0.3) ? el('target', { chassisNr: 10 + i }) : undefined
        const index = this.pciController('pci-bridge', target, rng.chance(0.3) ? this.rootSlotAddress() : undefined)
        this.endpointBuses.push({ index, freeSlots: range(1, 31) })
      }
      return
    }
    if (this.numaCells > 0 && rng.chance(0.6)) this.addExpanderBuses('pcie-expander-bus')
    const manyPorts = rng.chance(0.08)
    const rootPorts = manyPorts ? rng.int(10, 30) : rng.pick([0, 0, 1, 2, 3, 4, 6])
    if (manyPorts) this.features.add('many-root-ports')
    for (let i = 0; i < rootPorts; i++) this.addRootPort(undefined)
    if (rng.chance(0.15)) {
      const downstreams = this.addSwitch(undefined)
      if (rng.chance(0.35)) {
        // note: a nested switch: its upstream port explicitly in one of the first switch's downstream ports
        const parent = rng.pick(downstreams)
        this.endpointBuses.splice(this.endpointBuses.indexOf(parent), 1)
        this.addSwitch(parent.index)
        this.features.add('nested-switch')
      }
    }
    if (this.family === 'q35') {
      const conventional: EndpointBus[] = []
      if (rng.chance(0.1)) {
        const index = this.pciController('dmi-to-pci-bridge', undefined, rng.chance(0.3) ? this.rootSlotAddress() : undefined)
        conventional.push({ index, freeSlots: range(1, 31) })
      }
      if (rng.chance(0.15)) {
        // note: libvirt adds no root port for a pcie-to-pci-bridge; give it one of its own
        const port = this.pciController('pcie-root-port', undefined, undefined)
        // note: a switch's upstream port (a lower index) would be placed first and could take that port
        const explicit = this.features.has('pcie-switch-upstream-port') || rng.chance(0.5)
        const index = this.pciController('pcie-to-pci-bridge', undefined, explicit ? this.pciAddress(port, 0) : undefined)
        conventional.push({ index, freeSlots: range(1, 31) })
      }
      // note: a pci-bridge with no conventional PCI bus before it is auto-placed on its own bus, which libvirt rejects
      const parent = conventional.length > 0 && rng.chance(0.4) ? rng.pick(conventional) : undefined
      this.endpointBuses.push(...conventional)
      if (parent !== undefined) {
        const slot = rng.chance(0.4) ? this.takeSlot(parent) : undefined
        const index = this.pciController('pci-bridge', undefined, slot === undefined ? undefined : this.pciAddress(parent.index, slot))
        this.endpointBuses.push({ index, freeSlots: range(1, 31) })
      }
    }
  }

  /** A PCIe switch (upstream port and 1–3 downstream ports), below `parentBus` when given; returns its downstream buses. */
  private addSwitch(parentBus: number | undefined): EndpointBus[] {
    const { rng } = this
    const upstream = this.pciController(
      'pcie-switch-upstream-port',
      undefined,
      parentBus === undefined ? undefined : this.pciAddress(parentBus, 0),
    )
    const downstream = rng.int(1, 3)
    const buses: EndpointBus[] = []
    for (let i = 0; i < downstream; i++) {
      const hotplug = rng.chance(0.25) ? 'off' : undefined
      const target = hotplug === undefined ? undefined : el('target', { hotplug })
      const address = rng.chance(0.3) ? this.pciAddress(upstream, i) : undefined
      const index = this.pciController('pcie-switch-downstream-port', target, address)
      if (address === undefined) this.features.add('auto-downstream')
      const bus = { index, freeSlots: [0] }
      buses.push(bus)
      this.endpointBuses.push(bus)
    }
    return buses
  }

  /** A pcie-root-port, sometimes with hotplug off or an explicit address (on `parentBus` when given). */
  private addRootPort(parent: { bus: number; slot: number } | undefined): number {
    const { rng } = this
    const hotplug = rng.chance(0.2) ? 'off' : undefined
    if (hotplug !== undefined) this.features.add('hotplug-off')
    const target = hotplug === undefined ? undefined : el('target', { hotplug })
    let address: string | undefined
    if (parent !== undefined) address = this.pciAddress(parent.bus, parent.slot)
    else if (rng.chance(0.15)) address = this.rootSlotAddress()
    const index = this.pciController('pcie-root-port', target, address)
    this.endpointBuses.push({ index, freeSlots: [0] })
    return index
  }

  private addExpanderBuses(model: 'pci-expander-bus' | 'pcie-expander-bus'): void {
    const { rng } = this
    const count = rng.int(1, 2)
    let busNr = 254
    for (let i = 0; i < count; i++) {
      const node = rng.int(0, this.numaCells - 1)
      busNr -= rng.int(8, 40)
      const target = el('target', { busNr: rng.chance(0.5) ? busNr : undefined }, el('node', {}, String(node)))
      const index = this.pciController(model, target, rng.chance(0.3) ? this.rootSlotAddress() : undefined)
      if (model === 'pci-expander-bus') {
        this.endpointBuses.push({ index, freeSlots: range(0, 31) })
        continue
      }
      // note: a pcie-expander-bus takes only root ports; place some there explicitly
      const ports = rng.int(0, 2)
      for (let slot = 0; slot < ports; slot++) this.addRootPort({ bus: index, slot })
    }
  }

  /** A free slot on some endpoint bus (taken), for a multifunction group. */
  private freeEndpointSlot(): { bus: number; slot: number } | undefined {
    const candidates = this.endpointBuses.filter((b) => b.freeSlots.length > 0)
    if (candidates.length === 0) return undefined
    const bus = this.rng.pick(candidates)
    const slot = this.takeSlot(bus)
    return slot === undefined ? undefined : { bus: bus.index, slot }
  }

  /** An explicit free PCI address for an endpoint device, or undefined (most of the time). */
  private maybeEndpointAddress(p = 0.18): string | undefined {
    if (!this.rng.chance(p)) return undefined
    const candidates = this.endpointBuses.filter((b) => b.freeSlots.length > 0)
    if (candidates.length === 0) return undefined
    const bus = this.rng.pick(candidates)
    const slot = this.takeSlot(bus)
    if (slot === undefined) return undefined
    this.features.add('explicit-pci')
    if (bus.index === 0 && this.rng.chance(0.25)) {
      // note: a partial PCI address: domain, bus and function default to 0
      this.features.add('partial-pci')
      return el('address', { type: 'pci', slot: hex(slot) })
    }
    return this.pciAddress(bus.index, slot)
  }

  // ---- other controllers ------------------------------------------------------------------

  /** A non-PCI controller's index, or (sometimes) none: libvirt numbers it per type in document order. */
  private indexOrNot(index: number): number | undefined {
    if (!this.rng.chance(0.2)) return index
    this.features.add('indexless-controller')
    return undefined
  }

  private addUsbController(): void {
    const { rng } = this
    const x86Models =
      this.family === 'pc' ? ['piix3-uhci', 'qemu-xhci', 'ich9-ehci1', 'nec-xhci'] : ['qemu-xhci', 'ich9-ehci1', 'nec-xhci', 'piix3-uhci']
    if (this.family === 'virt') {
      // note: libvirt 9.0 adds no implicit USB controller on aarch64
      if (rng.chance(0.5)) {
        this.usbController('qemu-xhci', 15)
      }
      return
    }
    if (rng.chance(0.06)) {
      this.controllers.push(el('controller', { type: 'usb', index: 0, model: 'none' }))
      this.features.add('usb-none')
      return
    }
    if (rng.chance(0.35)) {
      const model = rng.pick(x86Models)
      this.usbController(model, model === 'piix3-uhci' ? 2 : model === 'ich9-ehci1' ? 6 : 4)
      return
    }
    this.hasUsb = true
    this.usbPorts = this.family === 'pc' ? 2 : 4
    this.usbRootPorts = this.usbPorts
  }

  private usbController(model: string, defaultPorts: number): void {
    // note: xHCI controllers take a port count (virt-install writes ports='15')
    const xhci = model === 'qemu-xhci' || model === 'nec-xhci'
    const explicitPorts = xhci && this.rng.chance(0.3) ? this.rng.int(4, 15) : undefined
    if (explicitPorts !== undefined) this.features.add('usb-ports')
    const ports = explicitPorts ?? defaultPorts
    this.hasUsb = true
    this.usbPorts = ports
    this.usbRootPorts = ports
    // note: on pc, libvirt requires the PIIX3 USB controller at its chipset address 00:01.2
    const address =
      model === 'piix3-uhci' && this.family === 'pc'
        ? this.rng.chance(0.3)
          ? this.pciAddress(0, 1, 2)
          : ''
        : (this.maybeEndpointAddress(0.15) ?? '')
    this.controllers.push(el('controller', { type: 'usb', index: this.indexOrNot(0), model, ports: explicitPorts }, address))
    this.features.add(`usb-${model}`)
  }

  private addOtherControllers(): void {
    const { rng } = this
    if (rng.chance(0.3)) {
      const count = rng.chance(0.2) ? 2 : 1
      for (let i = 0; i < count; i++) {
        const model = this.family !== 'virt' && rng.chance(0.2) ? 'lsilogic' : 'virtio-scsi'
        this.controllers.push(el('controller', { type: 'scsi', index: this.indexOrNot(i), model }, this.maybeEndpointAddress() ?? ''))
        this.features.add(`scsi-${model}`)
      }
    }
    if (rng.chance(0.25)) {
      const ports = rng.chance(0.5) ? rng.int(4, 31) : undefined
      this.virtioSerialPorts = ports ?? 31
      this.controllers.push(
        el('controller', { type: 'virtio-serial', index: this.indexOrNot(0), ports }, this.maybeEndpointAddress() ?? ''),
      )
      this.features.add('virtio-serial-controller')
    } else {
      this.virtioSerialPorts = 31
    }
  }

  // ---- devices ----------------------------------------------------------------------------

  private addDisks(): void {
    const { rng } = this
    const buses: DiskBus[] =
      this.family === 'pc'
        ? ['virtio', 'virtio', 'ide', 'sata', 'scsi']
        : this.family === 'q35'
          ? ['virtio', 'virtio', 'sata', 'scsi']
          : ['virtio', 'virtio', 'scsi']
    const many = rng.chance(0.04)
    const count = many ? rng.int(26, 30) : rng.int(0, 6)
    if (many) this.features.add('many-disks')
    for (let i = 0; i < count; i++) {
      let bus = many ? 'virtio' : rng.pick(buses)
      if (bus === 'ide' && this.nameCounters.hd >= 4) bus = 'sata'
      // note: a USB disk takes a USB port like any USB device
      if (!many && this.hasUsb && rng.chance(0.05) && this.usbFits()) bus = 'usb'
      const device = bus !== 'virtio' && rng.chance(0.3) ? 'cdrom' : 'disk'
      const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : 'sd'
      const nameIndex = this.nameCounters[prefix]++
      const vhostUser = bus === 'virtio' && !many && rng.chance(0.06)
      this.disks.push({ bus, device, nameIndex, vhostUser })
    }
    const explicitDrive = new Map<number, string>()
    for (const [i, d] of this.disks.entries()) {
      if ((d.bus === 'sata' || d.bus === 'scsi') && rng.chance(0.2)) {
        const address = this.freeDriveAddress(d.bus, i, explicitDrive)
        if (address !== undefined) explicitDrive.set(i, address)
      }
    }
    for (const [i, d] of this.disks.entries()) {
      const prefix = d.bus === 'virtio' ? 'vd' : d.bus === 'ide' ? 'hd' : 'sd'
      const dev = diskName(prefix, d.nameIndex)
      // note: libvirt 11.3 refuses an empty USB cdrom (9.0 and 12.8 take it): the engine must too
      const withSource = d.device === 'disk' || rng.chance(0.5)
      const source = d.vhostUser
        ? el('source', { type: 'unix', path: `/var/lib/devaddr/${dev}.sock` })
        : withSource
          ? el('source', { file: `/var/lib/devaddr/${dev}.img` })
          : ''
      const children = [
        el('driver', { name: 'qemu', type: 'raw' }),
        source,
        el('target', { dev, bus: d.bus }),
        d.device === 'cdrom' ? el('readonly') : '',
        this.bootOrder(),
        explicitDrive.get(i) ?? (d.bus === 'virtio' ? (this.maybeEndpointAddress() ?? '') : d.bus === 'usb' ? this.usbAddress() : ''),
      ]
      this.devices.push(el('disk', { type: d.vhostUser ? 'vhostuser' : 'file', device: d.device }, ...children))
      this.features.add(`disk-${d.bus}`)
      if (d.vhostUser) {
        this.sharedMemory = true
        this.features.add('vhostuser-disk')
      }
      if (d.device === 'cdrom') this.features.add('cdrom')
    }
    // note: drawn after every other disk, so the domains of the other releases stay as they were
    if (this.release === '12.8' && rng.chance(0.3)) this.addNvmeDisks()
    if (rng.chance(0.08)) this.addPassthroughLun()
    if (this.family !== 'virt' && rng.chance(0.06)) this.addFloppy()
  }

  /** A host SCSI device passed through as a lun: a block device on a SCSI controller. */
  private addPassthroughLun(): void {
    const dev = diskName('sd', this.nameCounters.sd++)
    this.devices.push(extraDisk('lun', dev, 'scsi', `/dev/disk/by-id/wwn-devaddr-${dev}`))
    this.features.add('lun')
  }

  /** A floppy drive on the floppy controller (pc has one built in; q35 gets an ISA one), now and then empty. */
  private addFloppy(): void {
    this.devices.push(extraDisk('floppy', 'fda', 'fdc', this.rng.chance(0.5) ? '/var/lib/devaddr/floppy.img' : undefined))
    this.features.add('floppy')
  }

  /**
   * NVMe disks, libvirt 12.8 only (11.5 added them; 9.0 and 11.3 refuse the bus): one to three
   * controllers named by `nvmeXnY` targets, each disk a namespace. Every controller gets a serial
   * from one of its disks (the others now and then without one) or, now and then, from an
   * explicit `<controller type='nvme'>`; some disks get an explicit drive address past the units
   * their names give. Rarely a controller is skipped or a serial conflicts: libvirt refuses both.
   */
  private addNvmeDisks(): void {
    const { rng } = this
    const controllers = rng.int(1, 3)
    const skipped = rng.chance(0.04) && controllers > 1 ? rng.int(0, controllers - 2) : -1
    const conflicting = rng.chance(0.04)
    for (let c = 0; c < controllers; c++) {
      if (c === skipped) {
        this.features.add('nvme-missing-controller')
        continue
      }
      const serial = `nvme-${c}-${hex(rng.int(0, 0xffff)).slice(2)}`
      const explicit = rng.chance(0.2)
      if (explicit) {
        this.devices.push(el('controller', { type: 'nvme', index: c }, el('serial', {}, serial), this.maybeEndpointAddress() ?? ''))
        this.features.add('nvme-controller')
      }
      const namespaces = rng.int(1, 3)
      for (let n = 1; n <= namespaces; n++) {
        const dev = `nvme${c}n${n}`
        const withSerial = (!explicit && n === 1) || rng.chance(0.6)
        const diskSerial = conflicting && n === namespaces && n > 1 ? `${serial}-x` : serial
        if (withSerial && diskSerial !== serial) this.features.add('nvme-conflicting-serial')
        const address = rng.chance(0.15) ? el('address', { type: 'drive', controller: c, bus: 0, target: 0, unit: 8 + n }) : ''
        if (address !== '') this.features.add('nvme-explicit-drive')
        this.devices.push(
          el(
            'disk',
            { type: 'file', device: 'disk' },
            el('driver', { name: 'qemu', type: 'raw' }),
            el('source', { file: `/var/lib/devaddr/${dev}.img` }),
            el('target', { dev, bus: 'nvme' }),
            withSerial ? el('serial', {}, diskSerial) : '',
            address,
          ),
        )
      }
    }
    this.features.add('disk-nvme')
    if (controllers > 1) this.features.add('nvme-controllers')
  }

  /** Half the disks and NICs of a domain booting per device get the next `<boot order>`. */
  private bootOrder(): string {
    if (this.boot !== 'devices' || !this.rng.chance(0.5)) return ''
    return el('boot', { order: ++this.bootOrders })
  }

  /** A drive address on controller 0 that no other disk of the bus takes or derives from its name. */
  private freeDriveAddress(bus: 'sata' | 'scsi', self: number, explicit: Map<number, string>): string | undefined {
    const taken = new Set<number>()
    for (const [i, d] of this.disks.entries()) {
      if (i === self || d.bus !== bus) continue
      const address = explicit.get(i)
      if (address !== undefined) {
        taken.add(Number(/unit='(\d+)'/.exec(address)?.[1]))
        continue
      }
      const derived = derivedDriveAddress(bus, d.nameIndex)
      if (derived.controller === 0) taken.add(derived.unit)
    }
    const units = range(0, bus === 'sata' ? 5 : 6).filter((u) => !taken.has(u))
    if (units.length === 0) return undefined
    this.features.add('explicit-drive')
    const unit = this.rng.pick(units)
    if (this.rng.chance(0.3)) {
      // note: a partial drive address: controller, bus and target default to 0
      this.features.add('partial-drive')
      return el('address', { type: 'drive', unit })
    }
    return el('address', { type: 'drive', controller: 0, bus: 0, target: 0, unit })
  }

  private addInterfaces(): void {
    const { rng } = this
    const models = this.family === 'virt' ? ['virtio', 'virtio', 'e1000e'] : ['virtio', 'virtio', 'e1000', 'e1000e', 'rtl8139']
    const count = rng.pick([0, 1, 1, 1, 2, 2, 3, 4])
    for (let i = 0; i < count; i++) {
      const model = rng.pick(models)
      const mac = `52:54:00:${[0, 0, 0].map(() => hex(rng.int(0, 255)).slice(2)).join(':')}`
      this.devices.push(
        el(
          'interface',
          { type: 'user' },
          el('mac', { address: mac }),
          el('model', { type: model }),
          this.bootOrder(),
          this.maybeEndpointAddress() ?? '',
        ),
      )
      this.features.add(`nic-${model}`)
    }
  }

  private addChannels(): void {
    const { rng } = this
    const count = rng.pick([0, 0, 1, 1, 2, 3])
    for (let i = 0; i < count; i++) {
      let address = ''
      if (rng.chance(0.05)) {
        // note: a partial virtio-serial address: the controller only
        address = el('address', { type: 'virtio-serial', controller: 0 })
        this.features.add('partial-virtio-serial')
      } else if (rng.chance(0.25)) {
        const free = range(1, this.virtioSerialPorts - 1).filter((p) => !this.virtioSerialPortsUsed.has(p))
        if (free.length > 0) {
          const port = rng.pick(free)
          this.virtioSerialPortsUsed.add(port)
          address = el('address', { type: 'virtio-serial', controller: 0, bus: 0, port })
          this.features.add('explicit-virtio-serial')
        }
      }
      this.devices.push(el('channel', { type: 'pty' }, el('target', { type: 'virtio', name: `org.devaddr.channel.${i}` }), address))
      this.features.add('channel')
    }
    if (rng.chance(0.12)) {
      this.devices.push(el('console', { type: 'pty' }, el('target', { type: 'virtio' })))
      this.features.add('virtio-console')
    }
  }

  /** Whether one more USB device fits the controller's ports (and a hub's, when there is one). */
  private usbFits(): boolean {
    if (this.usbDevices >= this.usbPorts) return false
    this.usbDevices++
    return true
  }

  private usbAddress(): string {
    if (this.rng.chance(0.04)) {
      // note: a partial USB address: the bus only, the port left to libvirt
      this.features.add('partial-usb')
      return el('address', { type: 'usb', bus: 0 })
    }
    if (!this.rng.chance(0.2)) return ''
    // note: a hub without an explicit port needs a free root port when it is placed
    const rootPorts = this.usbRootPorts - (this.hubWithoutAddress ? 1 : 0)
    const free = range(1, Math.min(rootPorts, 2)).filter((p) => !this.usbPortsUsed.has(p))
    if (free.length === 0) return ''
    const port = this.rng.pick(free)
    this.usbPortsUsed.add(port)
    this.features.add('explicit-usb')
    return el('address', { type: 'usb', bus: 0, port })
  }

  private addInputs(): void {
    const { rng } = this
    if (this.hasUsb) {
      if (this.family !== 'virt' && rng.chance(0.08) && this.usbFits()) {
        // note: libvirt places hubs before other USB devices; a hub has 8 ports
        const address = this.usbAddress()
        this.hubWithoutAddress = address === ''
        this.devices.push(el('hub', { type: 'usb' }, address))
        this.usbPorts += 8
        this.features.add('usb-hub')
      }
      const count = rng.pick([0, 1, 1, 2, 3])
      for (let i = 0; i < count && this.usbFits(); i++) {
        const type = rng.pick(['tablet', 'tablet', 'keyboard', 'mouse'])
        this.devices.push(el('input', { type, bus: 'usb' }, this.usbAddress()))
        this.features.add(`usb-${type}`)
      }
      // note: as virt-manager sets a desktop guest up: a SPICE display, its agent channel and USB redirection
      if (this.family !== 'virt' && rng.chance(0.15)) {
        this.spice = true
        this.features.add('spice')
        this.devices.push(el('channel', { type: 'spicevmc' }, el('target', { type: 'virtio', name: 'com.redhat.spice.0' })))
        const redirects = rng.pick([0, 1, 2])
        for (let i = 0; i < redirects && this.usbFits(); i++)
          this.devices.push(el('redirdev', { bus: 'usb', type: 'spicevmc' }, this.usbAddress()))
      }
      if (rng.chance(0.05) && this.usbFits()) {
        const source = el('source', {}, el('vendor', { id: '0x1234' }), el('product', { id: hex(rng.int(1, 0xfff), 4) }))
        this.devices.push(el('hostdev', { mode: 'subsystem', type: 'usb' }, source, this.usbAddress()))
        this.features.add('usb-hostdev')
      }
    }
    if (rng.chance(0.15)) {
      const type = rng.pick(['tablet', 'keyboard', 'mouse'])
      this.devices.push(el('input', { type, bus: 'virtio' }, this.maybeEndpointAddress() ?? ''))
      this.features.add('virtio-input')
    }
  }

  private addMisc(): void {
    const { rng } = this
    const x86 = this.family !== 'virt'
    if (x86 && rng.chance(0.35)) {
      const models = this.hasUsb ? ['ich6', 'ich9', 'ac97', 'es1370', 'usb'] : ['ich6', 'ich9', 'ac97', 'es1370']
      let model = rng.pick(models)
      if (model === 'usb' && !this.usbFits()) model = 'ich9'
      const address = model === 'usb' ? this.usbAddress() : (this.maybeEndpointAddress() ?? '')
      this.devices.push(el('sound', { model }, address))
      this.features.add(`sound-${model}`)
    }
    if (rng.chance(0.3)) this.addWatchdogs()
    const rngs = rng.pick([0, 0, 0, 1, 1, 2])
    for (let i = 0; i < rngs; i++) {
      this.devices.push(
        el('rng', { model: 'virtio' }, el('backend', { model: 'random' }, '/dev/urandom'), this.maybeEndpointAddress() ?? ''),
      )
      this.features.add('rng')
    }
    this.addVideo()
    if (rng.chance(0.08)) {
      this.devices.push(el('serial', { type: 'pty' }, el('target', { type: 'pci-serial' }), this.maybeEndpointAddress() ?? ''))
      this.features.add('pci-serial')
    }
    if (rng.chance(0.08)) {
      this.devices.push(el('vsock', { model: 'virtio' }, el('cid', { auto: 'yes' }), this.maybeEndpointAddress() ?? ''))
      this.features.add('vsock')
    }
    const filesystems = rng.chance(0.1) ? rng.int(1, 2) : 0
    for (let i = 0; i < filesystems; i++) {
      this.devices.push(
        el(
          'filesystem',
          { type: 'mount', accessmode: 'mapped' },
          el('source', { dir: `/var/lib/devaddr/share${i}` }),
          el('target', { dir: `share${i}` }),
          this.maybeEndpointAddress() ?? '',
        ),
      )
      this.features.add('filesystem-9p')
    }
    const balloon = rng.pick(['implicit', 'implicit', 'implicit', 'virtio', 'none'])
    if (balloon !== 'implicit') {
      const address = balloon === 'virtio' ? (this.maybeEndpointAddress(0.3) ?? '') : ''
      this.devices.push(el('memballoon', { model: balloon }, address))
      this.features.add(`memballoon-${balloon}`)
    }
  }

  /**
   * One watchdog (9.0), or one or two of distinct models (11.x): i6300esb everywhere; ib700 on
   * x86 (only pc from 11.x: q35 refuses it); itco on q35 from 11.x (9.0 does not know it).
   */
  private addWatchdogs(): void {
    const { rng } = this
    const models = ['i6300esb']
    if (this.family === 'pc' || (this.family === 'q35' && !this.newer)) models.push('ib700')
    if (this.family === 'q35' && this.newer) models.push('itco')
    const count = this.newer && models.length > 1 && rng.chance(0.3) ? 2 : 1
    const chosen: string[] = []
    while (chosen.length < count) {
      const m = rng.pick(models)
      if (!chosen.includes(m)) chosen.push(m)
    }
    for (const model of chosen) {
      this.devices.push(el('watchdog', { model, action: 'reset' }, model === 'i6300esb' ? (this.maybeEndpointAddress() ?? '') : ''))
      this.features.add(`watchdog-${model}`)
    }
    if (count > 1) this.features.add('two-watchdogs')
  }

  private addVideo(): void {
    const { rng } = this
    if (rng.chance(0.15)) {
      // note: graphics without video makes libvirt add its default video model
      this.devices.push(el('graphics', { type: 'vnc', port: -1, autoport: 'yes' }))
      this.features.add('graphics')
    }
    if (!rng.chance(0.45)) return
    const primary = this.family === 'virt' ? 'virtio' : rng.pick(['vga', 'cirrus', 'qxl', 'virtio', 'bochs'])
    const heads = (primary === 'virtio' || primary === 'qxl') && rng.chance(0.25) ? rng.int(2, 4) : undefined
    if (heads !== undefined) this.features.add('multi-head')
    this.devices.push(el('video', {}, el('model', { type: primary, heads }), this.maybeEndpointAddress(0.15) ?? ''))
    this.features.add(`video-${primary}`)
    // note: libvirt 9.0 refuses vga, cirrus and bochs as a secondary video
    if (rng.chance(0.15)) {
      const secondary = this.family === 'virt' ? 'virtio' : rng.pick(['qxl', 'virtio'])
      this.devices.push(el('video', {}, el('model', { type: secondary }), this.maybeEndpointAddress(0.15) ?? ''))
      this.features.add('secondary-video')
    }
  }

  // ---- extended device kinds --------------------------------------------------------------

  /**
   * What real domains hold besides the basics: crypto, vhost-user NICs, an IOMMU, memory
   * devices (NUMA guests only), PCI/mdev/SCSI host devices, redirdevs, a smartcard, ivshmem,
   * panic devices. Each only where the release and machine accept it.
   */
  private addExtended(): void {
    const { rng } = this
    const x86 = this.family !== 'virt'
    if (rng.chance(0.12)) {
      // note: libvirt 9.0 accepts <crypto> and drops it; 11.x keeps it (conventional PCI)
      this.devices.push(
        el('crypto', { model: 'virtio', type: 'qemu' }, el('backend', { model: 'builtin', queues: 1 }), this.maybeEndpointAddress() ?? ''),
      )
      this.features.add('crypto')
    }
    const vhostUserNics = rng.chance(0.1) ? rng.int(1, 2) : 0
    for (let i = 0; i < vhostUserNics; i++) {
      this.sharedMemory = true
      const mac = `52:54:00:ff:${hex(rng.int(0, 255)).slice(2)}:${hex(i).slice(2)}`
      this.devices.push(
        el(
          'interface',
          { type: 'vhostuser' },
          el('mac', { address: mac }),
          el('source', { type: 'unix', path: `/var/lib/devaddr/vhost-user${i}.sock`, mode: 'client' }),
          el('model', { type: 'virtio' }),
          this.maybeEndpointAddress() ?? '',
        ),
      )
      this.features.add('vhostuser-net')
    }
    if (rng.chance(this.vcpus > 255 ? 0.7 : 0.12)) this.addIommu()
    if (this.numaCells > 0 && rng.chance(0.35)) this.addMemoryDevices()
    this.addHostdevs()
    if (this.hasUsb && rng.chance(0.08) && this.usbFits()) {
      this.devices.push(
        el('redirdev', { bus: 'usb', type: 'tcp' }, el('source', { mode: 'connect', host: '127.0.0.1', service: 4000 }), this.usbAddress()),
      )
      this.features.add('redirdev')
    }
    if (this.hasUsb && rng.chance(0.06) && this.usbFits()) {
      // note: a smartcard sits on a CCID controller libvirt adds (itself a USB device)
      this.devices.push(
        el(
          'smartcard',
          { mode: 'passthrough', type: 'tcp' },
          el('source', { mode: 'connect', host: '127.0.0.1', service: 2001 }),
          el('protocol', { type: 'raw' }),
        ),
      )
      this.features.add('smartcard')
    }
    const shmems = rng.chance(0.08) ? rng.int(1, 2) : 0
    for (let i = 0; i < shmems; i++) {
      const model = rng.pick(['ivshmem-plain', 'ivshmem-doorbell'])
      const body =
        model === 'ivshmem-plain'
          ? [el('model', { type: model }), el('size', { unit: 'M' }, '4')]
          : [el('model', { type: model }), el('server', { path: `/var/lib/devaddr/ivshmem${i}.sock` }), el('msi', { vectors: 8 })]
      this.devices.push(el('shmem', { name: `shmem${i}` }, ...body, this.maybeEndpointAddress() ?? ''))
      this.features.add(model)
    }
    if (rng.chance(0.1)) {
      // note: pvpanic is unknown to libvirt 9.0; on aarch64 it is the only model (pvpanic-pci)
      const models = x86 ? (this.newer ? ['isa', 'pvpanic'] : ['isa']) : this.newer ? ['pvpanic'] : []
      if (models.length > 0) {
        const model = rng.pick(models)
        // note: pvpanic-pci must be integrated (on the root bus)
        const address = model === 'pvpanic' && !x86 && rng.chance(0.2) ? this.rootSlotAddress() : undefined
        this.devices.push(el('panic', { model }, address ?? ''))
        this.features.add(`panic-${model}`)
      }
    }
    if (x86 && rng.chance(0.06)) {
      // note: libvirt 9.x knows no <pstore> and drops it; from 10 an acpi-erst pstore (ACPI only) is a PCI device
      this.acpi = true
      const body = [el('path', {}, '/var/lib/devaddr/pstore.nvram'), el('size', { unit: 'KiB' }, '8'), this.maybeEndpointAddress() ?? '']
      this.devices.push(el('pstore', { backend: 'acpi-erst' }, ...body))
      this.features.add('pstore')
    }
  }

  /** One IOMMU: intel (q35), virtio (q35; it needs ACPI, which aarch64 has only with UEFI), smmuv3 (aarch64). */
  private addIommu(): void {
    const q35Model = this.vcpus > 255 ? this.rng.pick(['intel', 'intel', 'intel', 'virtio']) : this.rng.pick(['intel', 'virtio'])
    const model = this.family === 'virt' ? 'smmuv3' : this.family === 'q35' ? q35Model : undefined
    if (model === undefined) return
    if (model === 'virtio') this.acpi = true
    // note: libvirt 11.x wants virtio-iommu integrated, on the root bus
    const address = model === 'virtio' && this.rng.chance(0.2) ? this.rootSlotAddress() : undefined
    this.devices.push(el('iommu', { model }, address ?? '', model === 'intel' ? this.intelIommuDriver() : ''))
    this.features.add(`iommu-${model}`)
  }

  /**
   * An Intel IOMMU's `<driver>`: interrupt remapping and extended interrupt mode in the
   * combinations users write (and some libvirt refuses: eim without intremap), and the I/O APIC
   * remapping needs, written or left for libvirt (from 10.10) to add.
   */
  private intelIommuDriver(): string {
    const { rng } = this
    const driver = rng.pick([
      {},
      { intremap: 'on' },
      { intremap: 'on' },
      { intremap: 'on', eim: 'on' },
      { intremap: 'on', eim: 'on' },
      { intremap: 'off' },
      { eim: 'on' },
    ] as Array<Record<string, string>>)
    if (driver.intremap === 'on' || rng.chance(0.1)) this.ioapic = rng.pick(['qemu', 'qemu', 'qemu', 'kvm', undefined] as const)
    const name = Object.entries(driver)
      .map(([k, v]) => `${k}-${v}`)
      .join('-')
    this.features.add(`intel-iommu-${name || 'plain'}${this.ioapic ? `-ioapic-${this.ioapic}` : ''}`)
    return Object.keys(driver).length === 0 ? '' : el('driver', driver)
  }

  /**
   * 1–3 memory devices of 512 MiB (with `<maxMemory>`; libvirt 9.0 wants NUMA for any): dimm and
   * nvdimm (DIMM slots), virtio-mem and (x86 only: aarch64's QEMU lacks it) virtio-pmem on PCI.
   */
  private addMemoryDevices(): void {
    const { rng } = this
    const models = this.family === 'virt' ? ['dimm', 'nvdimm', 'virtio-mem'] : ['dimm', 'nvdimm', 'virtio-mem', 'virtio-pmem']
    const count = rng.int(1, 3)
    for (let i = 0; i < count; i++) {
      const model = rng.pick(models)
      const node = el('node', {}, String(rng.int(0, this.numaCells - 1)))
      const size = el('size', { unit: 'KiB' }, String(512 * MIB))
      let device: string
      switch (model) {
        case 'dimm':
          device = el('memory', { model }, el('target', {}, size, node))
          break
        case 'nvdimm':
          device = el('memory', { model }, el('source', {}, el('path', {}, `/var/lib/devaddr/nvdimm${i}`)), el('target', {}, size, node))
          break
        case 'virtio-pmem':
          device = el(
            'memory',
            { model, access: 'shared' },
            el('source', {}, el('path', {}, `/var/lib/devaddr/pmem${i}`)),
            el('target', {}, size),
            this.maybeEndpointAddress() ?? '',
          )
          break
        default:
          device = el(
            'memory',
            { model },
            el('target', {}, size, node, el('block', { unit: 'KiB' }, '2048'), el('requested', { unit: 'KiB' }, '0')),
            this.maybeEndpointAddress() ?? '',
          )
      }
      this.devices.push(device)
      this.memoryDevicesKiB += 512 * MIB
      this.features.add(`memory-${model}`)
    }
  }

  /**
   * Host devices that define without the host hardware: PCI with managed='no' (libvirt checks
   * the host device only at start), mdev (vfio-pci), SCSI (a SCSI controller is added if none).
   */
  private addHostdevs(): void {
    const { rng } = this
    const pci = rng.chance(0.15) ? rng.int(1, 3) : 0
    const used = new Set<string>()
    // note: a GPU and its audio function: two host functions as functions 0 and 1 of one guest slot
    const multifunction = pci >= 2 && rng.chance(0.4) ? this.freeEndpointSlot() : undefined
    for (let i = 0; i < pci; i++) {
      const bus = rng.int(1, 0x3f)
      const slot = rng.int(0, 31)
      const fn = rng.chance(0.3) ? rng.int(0, 7) : 0
      const key = `${bus}:${slot}.${fn}`
      if (used.has(key)) continue
      used.add(key)
      const source = el('source', {}, el('address', { domain: '0x0000', bus: hex(bus), slot: hex(slot), function: hex(fn, 1) }))
      let address = this.maybeEndpointAddress() ?? ''
      if (multifunction !== undefined && i < 2) {
        const { bus: gb, slot: gs } = multifunction
        address = el('address', {
          type: 'pci',
          domain: '0x0000',
          bus: hex(gb),
          slot: hex(gs),
          function: hex(i, 1),
          multifunction: i === 0 ? 'on' : undefined,
        })
        this.features.add('hostdev-multifunction')
      }
      this.devices.push(el('hostdev', { mode: 'subsystem', type: 'pci', managed: 'no' }, source, address))
      this.features.add('hostdev-pci')
    }
    if (rng.chance(0.06)) {
      const uuid = this.makeUuid()
      this.devices.push(
        el(
          'hostdev',
          { mode: 'subsystem', type: 'mdev', model: 'vfio-pci' },
          el('source', {}, el('address', { uuid })),
          this.maybeEndpointAddress() ?? '',
        ),
      )
      this.features.add('hostdev-mdev')
    }
    const scsi = rng.chance(0.06) ? rng.int(1, 2) : 0
    for (let i = 0; i < scsi; i++) {
      const source = el('source', {}, el('adapter', { name: `scsi_host${i}` }), el('address', { bus: 0, target: 0, unit: i }))
      this.devices.push(el('hostdev', { mode: 'subsystem', type: 'scsi' }, source))
      this.features.add('hostdev-scsi')
    }
  }
}

const MIB = 1024

function range(from: number, to: number): number[] {
  const out: number[] = []
  for (let i = from; i <= to; i++) out.push(i)
  return out
}
