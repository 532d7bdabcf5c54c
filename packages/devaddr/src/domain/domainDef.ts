import { Trace } from '../explain/trace.ts'
import { DEFAULT_LIBVIRT_VERSION, LIBVIRT_PROFILES, type LibvirtProfile } from '../machine/libvirtProfile.ts'
import type { QemuCapabilities } from '../machine/qemuCapabilities.ts'
import { qemuCapsFor } from '../machine/qemuCapabilities.ts'
import { type Device, DEVICE_KINDS, type DeviceKind } from '../model/device.ts'
import { diskNameToIndex } from '../model/diskName.ts'
import type { DomainInput } from '../model/domain.ts'
import type { ExpandOptions } from '../model/domain.ts'
import { newWorkingDevice, unsetField, workingCopy } from './workingDevice.ts'

/**
 * `controller-<type><index>`, kept per type and index below MEMO_INDEXES: a run adds up to a
 * few hundred controllers, and a string built once and already hashed makes each id lookup in
 * the set of used ids cheap (building and hashing one per added controller was a twentieth of
 * the engine's time on a domain of 100 devices).
 */
function controllerIdBase(type: string, index: number): string {
  if (index < 0 || index >= MEMO_INDEXES || !Number.isInteger(index)) return `controller-${type}${index}`
  let ofType = CONTROLLER_IDS.get(type)
  if (ofType === undefined) CONTROLLER_IDS.set(type, (ofType = []))
  return (ofType[index] ??= `controller-${type}${index}`)
}
const MEMO_INDEXES = 512
const CONTROLLER_IDS = new Map<string, string[]>()

/** The machine QEMU picks when the XML names none. */
function defaultMachine(arch: string): string {
  switch (arch) {
    case 'x86_64':
    case 'i686':
      return 'pc'
    case 'ppc64':
    case 'ppc64le':
      return 'pseries'
    case 's390x':
      return 's390-ccw-virtio'
    case 'sparc':
      return 'SS-5'
    default:
      return 'virt'
  }
}

const COMPANION_START_PORTS: Record<string, number> = { 'ich9-uhci1': 0, 'ich9-uhci2': 2, 'ich9-uhci3': 4 }

/** UHCI companions always record their master's start port. @see virDomainControllerDefParseXML */
function setCompanionMaster(d: Device): void {
  if (d.kind !== 'controller' || d.type !== 'usb' || d.masterStartport !== undefined) return
  const port = d.model === undefined ? undefined : COMPANION_START_PORTS[d.model]
  if (port !== undefined) d.masterStartport = port
}

/** The disks inserted so far: each one's name index, and the highest per bus. */
interface DiskOrder {
  index: Map<Device, number>
  highest: Map<string | undefined, number>
}

/** The controllers of a domain by type and index. */
interface ControllerIndex {
  /**
   * type → per index, the first such controller in list order (not `type:index` text: no
   * string per lookup; an array, not a map: indexes are small whole numbers)
   */
  first: Map<string | undefined, Device[]>
  /** type → the highest index of a controller of that type */
  maxIndex: Map<string, number>
}

function firstController(index: ControllerIndex, type: string | undefined, n: number | undefined): Device | undefined {
  return n === undefined ? undefined : index.first.get(type)?.[n]
}

function noteController(index: ControllerIndex, c: Device, first: boolean): void {
  if (c.type === undefined || c.index === undefined) return
  let ofType = index.first.get(c.type)
  if (ofType === undefined) index.first.set(c.type, (ofType = []))
  if (first || ofType[c.index] === undefined) ofType[c.index] = c
  if (c.index > (index.maxIndex.get(c.type) ?? -1)) index.maxIndex.set(c.type, c.index)
}

/**
 * The order in which libvirt visits every device that has an address.
 * @see virDomainDeviceInfoIterateFlags
 */
const ITERATION_ORDER: readonly DeviceKind[] = [
  'disk',
  'interface',
  'sound',
  'hostdev',
  'video',
  'controller',
  'smartcard',
  'serial',
  'parallel',
  'channel',
  'console',
  'input',
  'filesystem',
  'watchdog',
  'memballoon',
  'rng',
  'nvram',
  'hub',
  'shmem',
  'tpm',
  'panic',
  'memory',
  'redirdev',
  'iommu',
  'vsock',
  'crypto',
  'pstore',
]

const CONSOLE_AT = ITERATION_ORDER.indexOf('console')

/**
 * The working copy of a domain during expansion: one list per device kind, in libvirt's
 * list order (disks sorted per bus, controllers sorted per type). Mirrors virDomainDef.
 */
export class DomainDef {
  readonly arch: string
  readonly machine: string
  readonly vcpus: number | undefined
  readonly numaNodes: number
  readonly memorySlots: number
  readonly memoryMiB: number | undefined
  /** the names of `<features>` children (acpi, apic…) */
  readonly features: ReadonlySet<string>
  readonly firmware: DomainInput['firmware']
  readonly sharedMemory: boolean
  /** `<os><boot dev>` names the boot devices */
  readonly osBoot: boolean
  /** `<features><ioapic driver>`; libvirt sets `qemu` itself where an IOMMU needs it (see enableManyVcpusIommu) */
  ioapic: string | undefined
  /** the version of the target QEMU (`7.2`, `10.0.0`) */
  qemu = ''
  /** what the target QEMU lacks */
  caps: QemuCapabilities = {}
  /** address a machine type the QEMU lacks as its family (ExpandOptions.anyMachineVersion) */
  anyMachineVersion = false
  /** the libvirt release being imitated */
  profile: LibvirtProfile = LIBVIRT_PROFILES[DEFAULT_LIBVIRT_VERSION]
  private readonly lists = new Map<DeviceKind, Device[]>()
  /**
   * The lists in DEVICE_KINDS and in ITERATION_ORDER order (each list is one array for the
   * domain's life: steps change its items, never replace it).
   * note: every step walks all devices, and a lookup per kind per walk was a twentieth of the engine
   */
  private readonly inKindOrder: readonly Device[][]
  private readonly inIterationOrder: readonly Device[][]
  /** why each device went where it did */
  readonly trace = new Trace()
  /** devices whose address the machine's chipset fixes (explained where they are placed) */
  readonly chipsetPlaced = new Set<Device>()
  /** devices a policy step placed before PCI assignment (explained by that step) */
  readonly policyPlaced = new Set<Device>()
  private addedCount = 0

  /** @param adopt work on the input's device objects, not copies (ExpandOptions.adoptInput) */
  constructor(input: DomainInput, adopt = false) {
    this.arch = input.arch || 'x86_64'
    this.machine = input.machine || defaultMachine(this.arch)
    this.vcpus = input.vcpus
    this.numaNodes = input.numaNodes ?? 0
    this.memorySlots = input.memorySlots ?? 0
    this.memoryMiB = input.memoryMiB
    this.features = new Set(input.features ?? [])
    this.firmware = input.firmware
    this.sharedMemory = input.sharedMemory ?? false
    this.osBoot = input.osBoot ?? false
    this.ioapic = input.ioapic
    for (const k of DEVICE_KINDS) this.lists.set(k, [])
    this.inKindOrder = DEVICE_KINDS.map((k) => this.list(k))
    this.inIterationOrder = ITERATION_ORDER.map((k) => this.list(k))
    const diskOrder: DiskOrder = { index: new Map(), highest: new Map() }
    for (const d of input.devices) {
      const copy = adopt ? d : workingCopy(d)
      setCompanionMaster(copy)
      if (copy.kind === 'disk') this.insertDisk(copy, diskOrder)
      else if (copy.kind === 'controller') this.insertController(copy)
      else this.list(copy.kind).push(copy)
    }
    // note: libvirt keeps the primary video card first
    const videos = this.list('video')
    const primary = videos.findIndex((v) => v.primary)
    if (primary > 0) videos.unshift(...videos.splice(primary, 1))
  }

  /**
   * Takes the release and the QEMU to imitate from the options: the profile, and the
   * capabilities of `qemu` (default: the profile's own QEMU) less `qemuCaps.missing`.
   */
  configure(options: Pick<ExpandOptions, 'libvirtVersion' | 'profile' | 'qemu' | 'qemuCaps' | 'explain' | 'anyMachineVersion'>): void {
    this.trace.enabled = options.explain !== false
    this.anyMachineVersion = options.anyMachineVersion === true
    this.profile = options.profile ?? LIBVIRT_PROFILES[options.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION]
    this.qemu = options.qemu ?? this.profile.qemu
    this.caps = qemuCapsFor(this.arch, this.qemu, options.qemuCaps)
  }

  list(kind: DeviceKind): Device[] {
    return this.lists.get(kind)!
  }

  get controllers(): Device[] {
    return this.list('controller')
  }

  /**
   * An id for a device the engine adds, unlike any id already in the domain. `hint` makes it
   * stable across expansions (`controller-pci3`, `memballoon-default`), so a UI can keep
   * pointing at the same device; a counter only breaks ties.
   */
  newId(kind: DeviceKind, hint?: string): string {
    const base = `${kind}-${hint ?? 'added'}`
    return this.unusedId(base, hint === undefined ? `${base}${this.addedCount++}` : base)
  }

  /** `newId('controller', type + index)`, the id of a controller the engine adds. */
  newControllerId(type: string, index: number): string {
    const base = controllerIdBase(type, index)
    return this.unusedId(base, base)
  }

  private unusedId(base: string, first: string): string {
    let used = this.usedIds
    if (used === undefined) {
      used = this.usedIds = new Set()
      // note: every id made here has a dash (`kind-hint`), so only ids with one can clash: the
      // parser's own (`disk0`) are not hashed into the set
      for (const d of this.allDevices()) if (d.id.includes('-')) used.add(d.id)
    }
    let id = first
    while (used.has(id)) id = `${base}-${this.addedCount++}`
    used.add(id)
    return id
  }
  private usedIds: Set<string> | undefined

  /**
   * The first controller, in list order, of `type` and `index`. A lookup in an index of the
   * list rather than a scan: adding the controllers 0…N a drive address names asks N times.
   */
  findController(type: string, index: number): Device | undefined {
    const found = firstController(this.controllerIndex(), type, index)
    if (found === undefined || (found.type === type && found.index === index)) return found
    // note: only reindexControllers' callers change a type or index, so this is a bug's fallback
    this.index = undefined
    return this.controllers.find((c) => c.type === type && c.index === index)
  }

  /**
   * Builds the index of controllers afresh: whoever changes a controller's type or index after
   * it is in the list (assignControllerIndexes) calls this.
   */
  reindexControllers(): void {
    this.index = undefined
  }

  private index: ControllerIndex | undefined

  private controllerIndex(): ControllerIndex {
    if (this.index) return this.index
    const index: ControllerIndex = { first: new Map(), maxIndex: new Map() }
    for (const c of this.controllers) noteController(index, c, false)
    this.index = index
    return index
  }

  /** Records a controller just put at `at` in the list (the end when omitted). */
  private indexController(ctrl: Device, at?: number): void {
    const index = this.controllerIndex()
    const other = firstController(index, ctrl.type, ctrl.index)
    // note: a duplicate placed before the one indexed becomes the first (rare: it costs a scan)
    noteController(index, ctrl, other === undefined || (at !== undefined && this.controllers.indexOf(other) > at))
  }

  /**
   * Before the first disk of its bus with a higher name index, else after the last of its bus.
   * @see virDomainDiskInsert
   */
  private insertDisk(disk: Device, order: DiskOrder): void {
    const disks = this.list('disk')
    const idx = diskNameToIndex(disk.dst)
    const highest = order.highest.get(disk.bus) ?? -Infinity
    let at = -1
    if (idx >= highest) {
      // note: disks mostly come in name order; then only the last of the bus matters, found from
      // the end at once, and the list is not scanned once per disk
      for (let i = disks.length - 1; i >= 0 && at === -1; i--) if (disks[i]!.bus === disk.bus) at = i + 1
    } else
      for (let i = disks.length - 1; i >= 0; i--) {
        const cur = disks[i]!
        if (cur.bus !== disk.bus) continue
        if (order.index.get(cur)! > idx) at = i
        else if (at === -1) at = i + 1
      }
    if (at === -1 || at === disks.length) disks.push(disk)
    else disks.splice(at, 0, disk)
    order.index.set(disk, idx)
    if (idx > highest) order.highest.set(disk.bus, idx)
  }

  /**
   * Places each of `moved` where its (now assigned) index would have put it when it was
   * parsed, among the controllers before it; the others keep their order.
   */
  reinsertControllers(moved: readonly Device[]): void {
    const list = this.controllers
    const toMove = new Set(moved)
    const parsed = list.splice(0)
    // note: the index follows the list as it is rebuilt, so each insertion sees only those before
    this.index = undefined
    this.controllerIndex()
    for (const c of parsed) {
      if (toMove.has(c)) this.insertController(c)
      else {
        list.push(c)
        this.indexController(c)
      }
    }
  }

  /** @see virDomainControllerInsertPreAlloced */
  private insertController(ctrl: Device): void {
    const list = this.controllers
    const at = this.insertionPoint(ctrl)
    if (at === -1) list.push(ctrl)
    else list.splice(at, 0, ctrl)
    this.indexController(ctrl, at === -1 ? undefined : at)
  }

  /**
   * Where libvirt inserts a controller: before the first of its type with a higher index (or,
   * for a USB companion without a master, before its master), else after the last of its type.
   */
  private insertionPoint(ctrl: Device): number {
    const list = this.controllers
    // note: past the highest index of its type, only the last of the type matters: found from
    // the end at once when controllers are added in index order (0…N for a drive address)
    const highest = ctrl.type === undefined ? undefined : (this.controllerIndex().maxIndex.get(ctrl.type) ?? -1)
    if (ctrl.index !== undefined && highest !== undefined && ctrl.index > highest) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.type === ctrl.type) return i + 1
      return -1
    }
    let at = -1
    for (let i = list.length - 1; i >= 0; i--) {
      const cur = list[i]!
      if (cur.type !== ctrl.type) continue
      if (ctrl.index === undefined) {
        at = i + 1
        break
      }
      if ((cur.index ?? -1) > ctrl.index) at = i
      else if (ctrl.masterStartport === undefined && cur.masterStartport !== undefined && cur.index === ctrl.index) at = i
      else if (at === -1) at = i + 1
    }
    return at
  }

  /**
   * Adds a controller of `type` and `index` unless one exists. Returns it when added.
   * Where it goes in the list: see addController.
   * @see virDomainDefMaybeAddController, virDomainDefAddController
   */
  maybeAddController(type: string, index: number, model: string | undefined, origin: Device['origin']): Device | undefined {
    if (this.findController(type, index)) return undefined
    const ctrl = this.newController(type, index, model, origin)
    this.addController(ctrl)
    return ctrl
  }

  /**
   * A controller of `type` and `index` for the engine to add, with the id it gets for them; not
   * yet in the domain (see addController).
   */
  newController(type: string, index: number, model: string | undefined, origin: Device['origin']): Device {
    const ctrl = newWorkingDevice(this.newControllerId(type, index), 'controller', origin)
    ctrl.type = type
    ctrl.index = index
    if (model !== undefined) ctrl.model = model
    return ctrl
  }

  /**
   * `maybeAddController(type, index, model, origin)` for each of `wanted` in turn: the same ids,
   * the same places in the list. Returns, per entry of `wanted`, the controller added (undefined
   * where one existed).
   * note: a run of indexes past the highest of the type goes into the list in one insertion:
   * one at a time, the 60 root ports a 100-device q35 domain gets moved the controllers after
   * them 60 times, a twentieth of the engine's time
   */
  maybeAddControllers(
    type: string,
    wanted: ReadonlyArray<{ index: number; model: string | undefined }>,
    origin: Device['origin'],
  ): Array<Device | undefined> {
    const added: Array<Device | undefined> = []
    const run: Device[] = []
    const inOrder = this.profile.addedControllersInIndexOrder
    let highest = this.controllerIndex().maxIndex.get(type) ?? -1
    for (const { index, model } of wanted) {
      // note: an index not past the run's is looked up, and placed, with the run in the list
      if (index <= highest) this.insertRun(type, run)
      if (this.findController(type, index)) {
        added.push(undefined)
        continue
      }
      const ctrl = this.newController(type, index, model, origin)
      added.push(ctrl)
      if (inOrder && index > highest) {
        run.push(ctrl)
        highest = index
      } else this.addController(ctrl)
    }
    this.insertRun(type, run)
    return added
  }

  /** Puts a run of new controllers of `type`, indexes rising past the type's highest, after the last of the type. */
  private insertRun(type: string, run: Device[]): void {
    if (run.length === 0) return
    const list = this.controllers
    let at = list.length
    for (let i = list.length - 1; i >= 0; i--)
      if (list[i]!.type === type) {
        at = i + 1
        break
      }
    list.splice(at, 0, ...run)
    for (const c of run) this.indexController(c)
    run.length = 0
  }

  /**
   * Adds a controller libvirt (or a policy step standing in for it) adds: appended, or from
   * the releases that insert in index order, placed as a parsed controller is.
   * @see virDomainDefAddController
   */
  addController(ctrl: Device): void {
    if (this.profile.addedControllersInIndexOrder) this.insertController(ctrl)
    else {
      this.controllers.push(ctrl)
      this.indexController(ctrl)
    }
  }

  /** Every device, in the order libvirt visits them. */
  iterate(): Device[] {
    const lists = this.inIterationOrder
    const consoles = this.consolesOwningInfo()
    let n = 0
    for (let i = 0; i < lists.length; i++) n += i === CONSOLE_AT ? consoles.length : lists[i]!.length
    // note: sized once, not grown push by push: every step walks this list
    const all: Device[] = new Array<Device>(n)
    let at = 0
    for (let i = 0; i < lists.length; i++) {
      const list = i === CONSOLE_AT ? consoles : lists[i]!
      for (let j = 0; j < list.length; j++) all[at++] = list[j]!
    }
    return all
  }

  /** The first console mirrors the first serial port and shares its address: visit it once. */
  private consolesOwningInfo(): Device[] {
    const consoles = this.list('console')
    const first = consoles[0]
    if (first && this.list('serial').length > 0 && (first.targetType === undefined || first.targetType === 'serial'))
      return consoles.slice(1)
    return consoles
  }

  /** Every device, in libvirt's XML output order. */
  outputOrder(): Device[] {
    // note: the console that mirrors the first serial port is written with that port's address
    const consoles = this.list('console')
    const serial = this.list('serial')[0]
    if (serial && consoles[0] && this.consolesOwningInfo().length < consoles.length) {
      if (serial.address) consoles[0].address = serial.address
      else unsetField(consoles[0], 'address')
    }
    return this.allDevices()
  }

  /** Every device, kind by kind in DEVICE_KINDS order. */
  private allDevices(): Device[] {
    // note: a loop, not flatMap: V8's flatMap took a tenth of a 100-device expansion
    let n = 0
    for (const list of this.inKindOrder) n += list.length
    const all: Device[] = new Array<Device>(n)
    let at = 0
    for (const list of this.inKindOrder) for (let j = 0; j < list.length; j++) all[at++] = list[j]!
    return all
  }
}
