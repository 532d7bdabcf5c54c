import type { ErrorSite, LibvirtFunction } from '../errors.ts'
import { fail } from '../failure.ts'
import { formatPciAddress } from '../model/address.ts'
import { type Device, deviceLabel } from '../model/device.ts'
import { busCapabilities } from './busCapabilities.ts'
import * as F from './connectFlags.ts'
import { type PciControllerModel, pciControllerModelForConnectType } from './pciControllerModel.ts'
import type { ZpciIds } from './zpciIds.ts'

/** A bus:slot.function inside one address set (domain is always 0). */
export interface PciSlotAddress {
  bus: number
  slot: number
  function: number
}

/** One PCI bus: what it accepts and which slots are taken. */
export interface PciBus {
  model: PciControllerModel | undefined
  flags: F.ConnectFlags
  minSlot: number
  maxSlot: number
  /** per slot up to maxSlot, bit n set = function n in use (sized by setBusModel) */
  functions: number[]
  /** bit s set = slot s's first occupant was a pcie-root-port: more root ports may share the slot */
  aggregate: number
  /** every slot from minSlot up to (not including) this one has a function in use: slots are never freed */
  inUseBelow: number
  isolationGroup: number
  isolationGroupLocked: boolean
  /** how many of its slots have a function in use (0: the bus is empty, without a scan) */
  usedSlots: number
}

/** Why a bus does not take a device (see PciAddressSet.misfit). */
export type Misfit = 'not-integrated' | 'no-autoassign' | 'no-hotplug' | 'wrong-type'

/** A bridge given in the config counts as a PCI device too. */
const asGiven = (devFlags: F.ConnectFlags): F.ConnectFlags => (devFlags & F.PCI_BRIDGE ? devFlags | F.PCI_DEVICE : devFlags)

const SLOT_LAST = 31
const FUNCTION_LAST = 7

/** Slots 0…n-1 of a bus, none of their functions used, per n (a port has one slot, a bus 32). */
const NO_FUNCTIONS: ReadonlyArray<readonly number[]> = Array.from({ length: SLOT_LAST + 2 }, (_, n) => Array.from({ length: n }, () => 0))

/** The slots 0…maxSlot of a bus, those of `old` (a bus whose model changes) kept. */
function slotsUpTo(maxSlot: number, old: readonly number[]): number[] {
  // note: a copy of a packed array of zeros; new Array(n).fill(0) was the engine's costliest line
  const functions = NO_FUNCTIONS[maxSlot + 1]!.slice()
  for (let s = 0; s < old.length && s <= maxSlot; s++) functions[s] = old[s]!
  return functions
}

function newBus(): PciBus {
  // note: numbers, not an object per slot: a dry run on a large guest adds thousands of buses;
  // sized when its model is known, as most are root ports of a single slot
  const functions: number[] = []
  return {
    model: undefined,
    flags: 0,
    minSlot: 0,
    maxSlot: SLOT_LAST,
    functions,
    aggregate: 0,
    inUseBelow: 0,
    isolationGroup: 0,
    isolationGroupLocked: false,
    usedSlots: 0,
  }
}

/** One number per bus:slot.function (8 functions a slot, 32 slots a bus). */
const functionKey = (a: PciSlotAddress): number => (a.bus * 32 + a.slot) * 8 + a.function

const str = (a: PciSlotAddress) => formatPciAddress({ domain: 0, ...a })

/**
 * What holds a PCI function: a device, or words for a reservation that is none (a chipset
 * function, a slot a policy keeps free, a controller not yet in the domain).
 */
export type SlotHolder = Device | { label: string }

const isDevice = (h: SlotHolder): h is Device => 'kind' in h

/** The words naming a holder in messages. */
const holderLabel = (h: SlotHolder): string => (isDevice(h) ? deviceLabel(h) : h.label)

/** Where an error about a holder points. */
function at(h: SlotHolder | undefined, libvirtFunction: LibvirtFunction, address?: string): ErrorSite {
  const site: ErrorSite =
    h === undefined ? { libvirtFunction } : isDevice(h) ? { libvirtFunction, device: h } : { libvirtFunction, label: h.label }
  if (address !== undefined) site.address = address
  return site
}

/** A reservation that conflicts with what a slot already holds is a rule of its own (the chipset's). */
export interface ConflictRule {
  message: (owner: string | undefined) => string
  libvirtFunction: LibvirtFunction
}

/**
 * The PCI buses of a guest and the slots in use, with libvirt's rules for what plugs where.
 * In a dry run, running out of slots grows the set with new buses instead of failing.
 * @see virDomainPCIAddressSet (src/conf/domain_addr.c)
 */
export class PciAddressSet {
  readonly buses: PciBus[]
  /** which device made the dry run add each bus (worded only when asked: see growthCause) */
  private readonly causes: Array<SlotHolder | undefined> = []
  /** s390 only: the zPCI uids/fids in use */
  zpciIds: ZpciIds | undefined
  /**
   * who holds each function, for messages: `ownerKeys[i]` (a `functionKey`) is held by
   * `ownerHolders[i]`, the latest entry for a key being the current one.
   * note: a log, not a map: it is read only to word a conflict, and a map of every reserved
   * function was the costliest step of reserving one on large guests
   */
  private readonly ownerKeys: number[] = []
  private readonly ownerHolders: SlotHolder[] = []
  /**
   * Skips over buses whose slots are all in use, which only a device that may share an
   * aggregate slot looks at: `skip[i] === i` for a bus not known to be full, else an index
   * after `i` from where to look on (path-compressed). Slots are never freed, so a full bus stays
   * full until its model changes (setBusModel starts afresh).
   * note: without it, each of n devices on a guest of n root ports visits every bus (quadratic)
   */
  private skip: number[] = []
  /** a bus that takes a pci-bridge, if one was found (see anyBusAcceptsBridge) */
  private bridgeAcceptor: PciBus | undefined

  constructor(
    nbuses: number,
    readonly dryRun: boolean,
    readonly multipleRootsSupported: boolean,
    readonly pcieToPciBridgeSupported: boolean,
  ) {
    const buses: PciBus[] = []
    for (let i = 0; i < nbuses; i++) buses.push(newBus())
    this.buses = buses
  }

  get nbuses(): number {
    return this.buses.length
  }

  /** @see virDomainPCIAddressBusSetModel */
  setBusModel(index: number, model: PciControllerModel, allowHotplug: boolean): void {
    const bus = this.buses[index]
    if (!bus) throw new Error(`no bus ${index}`)
    const { flags, minSlot, maxSlot } = busCapabilities(model, allowHotplug)
    bus.model = model
    bus.flags = flags
    bus.minSlot = minSlot
    bus.maxSlot = maxSlot
    if (bus.functions.length !== maxSlot + 1) bus.functions = slotsUpTo(maxSlot, bus.functions)
    // note: what was known in use was counted from the old minSlot
    bus.inUseBelow = 0
    if (this.skip[index] !== undefined && this.skip[index] !== index) this.skip = []
  }

  /** Appends a bus for a controller added after assignment (policy spare ports). */
  addBus(model: PciControllerModel, allowHotplug: boolean): number {
    this.buses.push(newBus())
    this.setBusModel(this.buses.length - 1, model, allowHotplug)
    return this.buses.length - 1
  }

  /** The device whose missing slot made the dry run add bus `index`. */
  growthCause(index: number): string | undefined {
    const who = this.causes[index]
    return who && holderLabel(who)
  }

  isBusFullyReserved(bus: PciBus): boolean {
    for (let s = bus.minSlot; s <= bus.maxSlot; s++) if (!bus.functions[s]) return false
    return true
  }

  private isBusEmpty(bus: PciBus): boolean {
    if (bus.usedSlots === 0) return true
    for (let s = bus.minSlot; s <= bus.maxSlot; s++) if (bus.functions[s]) return false
    return true
  }

  slotInUse(a: PciSlotAddress): boolean {
    return !!this.buses[a.bus]?.functions[a.slot]
  }

  /**
   * Adds buses so that `a.bus` exists, choosing the controller that gives a slot to a device
   * with `flags`. May bump `a.bus` (a pure-PCIe guest needs two controllers for one PCI slot).
   * @see virDomainPCIAddressSetGrow
   */
  private grow(a: PciSlotAddress, flags: F.ConnectFlags, who: SlotHolder | undefined): void {
    let add = a.bus - this.nbuses + 1
    if (add <= 0) return
    let model: PciControllerModel
    let needDmi = false
    let needPcieToPci = false
    if (flags & F.PCI_DEVICE) {
      if (this.multipleRootsSupported) {
        model = 'pci-root'
      } else {
        model = 'pci-bridge'
        if (!this.anyBusAcceptsBridge()) {
          if (this.pcieToPciBridgeSupported) needPcieToPci = true
          else needDmi = true
        }
        // note: the extra upstream controller shifts the device's bus by one only when a
        // single bus was asked for, as libvirt does
        if ((needDmi || needPcieToPci) && add === 1) {
          add++
          a.bus++
        }
      }
    } else if (flags & (F.PCIE_DEVICE | F.PCIE_SWITCH_UPSTREAM_PORT)) {
      model = 'pcie-root-port'
    } else {
      const existing = pciControllerModelForConnectType(flags)
      if (existing)
        fail(
          'no-free-slot',
          `a PCI slot is needed to connect a PCI controller model='${existing}', but none is available, and it cannot be automatically added`,
          at(who, 'virDomainPCIAddressSetGrow'),
        )
      fail(
        'no-free-slot',
        flags === 0
          ? 'this device does not plug into a PCI slot on this machine, so it cannot take a PCI address'
          : 'no PCI bus that this device plugs into can be added automatically',
        at(who, 'virDomainPCIAddressSetGrow'),
      )
    }
    let i = this.nbuses
    for (let k = 0; k < add; k++) {
      if (who) this.causes[this.nbuses] = who
      this.buses.push(newBus())
    }
    if (needDmi) this.setBusModel(i++, 'dmi-to-pci-bridge', false)
    if (needPcieToPci) {
      this.setBusModel(i, 'pcie-root-port', true)
      // note: this root port may only take the pcie-to-pci-bridge, so that the spare
      // hotplug root port reserved later gets a root port of its own
      this.buses[i]!.flags = F.PCIE_TO_PCI_BRIDGE
      i++
      this.setBusModel(i++, 'pcie-to-pci-bridge', true)
    }
    for (; i < this.nbuses; i++) this.setBusModel(i, model, true)
  }

  /** True when some bus takes a pci-bridge; the bus found is remembered for the next question. */
  private anyBusAcceptsBridge(): boolean {
    // note: asked for every PCI device that grows the set: a scan of all buses each time is quadratic
    if (this.bridgeAcceptor !== undefined && this.bridgeAcceptor.flags & F.PCI_BRIDGE) return true
    this.bridgeAcceptor = this.buses.find((b) => b.flags & F.PCI_BRIDGE)
    return this.bridgeAcceptor !== undefined
  }

  /**
   * Can a device with `devFlags` use a slot on a bus with `busFlags`? Why not, as a code: no
   * text is built here, as the slot search asks it of every bus for every device.
   * @see virDomainPCIAddressFlagsCompatible
   */
  static misfit(bus: number, busFlags: F.ConnectFlags, devFlags: F.ConnectFlags, fromConfig: boolean): Misfit | undefined {
    if (devFlags & F.INTEGRATED) {
      // note: an integrated device may sit on the root bus whatever the bus normally accepts
      if (bus !== 0) return 'not-integrated'
      busFlags |= F.AUTOASSIGN | F.TYPES_ENDPOINT
    }
    if (fromConfig) {
      if (busFlags & F.TYPES_ENDPOINT) busFlags |= F.TYPES_ENDPOINT
      devFlags = asGiven(devFlags)
    } else if (devFlags & F.AUTOASSIGN && !(busFlags & F.AUTOASSIGN)) return 'no-autoassign'
    if (devFlags & F.HOTPLUGGABLE && !(busFlags & F.HOTPLUGGABLE)) return 'no-hotplug'
    if (!(devFlags & busFlags & F.TYPES_MASK)) return 'wrong-type'
    return undefined
  }

  /** The reason, in words, that `misfit` finds; undefined when the bus takes the device. */
  static incompatibility(a: PciSlotAddress, busFlags: F.ConnectFlags, devFlags: F.ConnectFlags, fromConfig: boolean): string | undefined {
    const misfit = PciAddressSet.misfit(a.bus, busFlags, devFlags, fromConfig)
    switch (misfit) {
      case undefined:
        return undefined
      case 'not-integrated':
        return 'it needs to be an integrated device (bus=0)'
      case 'no-autoassign':
        return `it was auto-assigned this address, but the PCI controller with index='${a.bus}' doesn't allow auto-assignment`
      case 'no-hotplug':
        return `it requires hotplug capability, but the PCI controller with index='${a.bus}' doesn't support hotplug`
      case 'wrong-type': {
        const described = fromConfig ? asGiven(devFlags) : devFlags
        return `it cannot be plugged into the PCI controller with index='${a.bus}': that controller does not accept a ${F.describeConnectType(described)}`
      }
    }
  }

  /** @see virDomainPCIAddressValidate */
  validate(a: PciSlotAddress, flags: F.ConnectFlags, fromConfig: boolean, who: SlotHolder | undefined): void {
    // note: the error site (with the address as text) is built only for a failure, and no
    // closure is made for it on the way: this runs for every function reserved
    const bus = a.bus >= 0 && a.bus < this.nbuses ? this.buses[a.bus]! : undefined
    if (
      bus === undefined ||
      PciAddressSet.misfit(a.bus, bus.flags, flags, fromConfig) !== undefined ||
      (bus.minSlot && a.slot < bus.minSlot) ||
      a.slot > bus.maxSlot ||
      a.function > FUNCTION_LAST
    )
      this.invalid(a, bus, flags, fromConfig, who)
  }

  /** Fails with the first rule `validate` found broken. */
  private invalid(
    a: PciSlotAddress,
    bus: PciBus | undefined,
    flags: F.ConnectFlags,
    fromConfig: boolean,
    who: SlotHolder | undefined,
  ): never {
    const site = at(who, 'virDomainPCIAddressValidate', str(a))
    if (this.nbuses === 0) fail('missing-bus', 'no PCI buses available', site)
    if (bus === undefined) fail('missing-bus', `only PCI buses up to ${this.nbuses - 1} are available`, site)
    const why = PciAddressSet.incompatibility(a, bus.flags, flags, fromConfig)
    if (why) fail('incompatible-bus', why, { ...site, libvirtFunction: 'virDomainPCIAddressFlagsCompatible' })
    if (bus.minSlot && a.slot < bus.minSlot) fail('invalid-address', `slot must be >= ${bus.minSlot} on this bus`, site)
    if (a.slot > bus.maxSlot) fail('invalid-address', `slot must be <= ${bus.maxSlot} on this bus (${bus.model})`, site)
    return fail('invalid-address', `function must be <= ${FUNCTION_LAST}`, site)
  }

  /**
   * Keeps further root ports out of a slot: its function 0 is a single-function device the
   * guest already knows, and packing another port there would turn multifunction on.
   */
  sealSlot(a: PciSlotAddress): void {
    const bus = this.buses[a.bus]
    if (bus) bus.aggregate &= ~(1 << a.slot)
  }

  /**
   * Marks one function as used, after checking the address fits.
   * @see virDomainPCIAddressReserveAddrInternal
   */
  reserve(
    a: PciSlotAddress,
    flags: F.ConnectFlags,
    isolationGroup: number,
    fromConfig: boolean,
    who: SlotHolder | undefined,
    conflict?: ConflictRule,
  ): void {
    if (this.dryRun) this.grow(a, flags, who)
    this.validate(a, flags, fromConfig, who)
    const bus = this.buses[a.bus]!
    const used = bus.functions[a.slot]!
    const key = functionKey(a)
    if (used & (1 << a.function)) {
      const owner = this.ownerOf(key)
      const ownerLabel = owner && holderLabel(owner)
      // note: against a chipset rule, the device already in the slot is the one at fault
      if (conflict) fail('reserved-slot', conflict.message(ownerLabel), at(owner ?? who, conflict.libvirtFunction, str(a)))
      fail(
        'address-conflict',
        `PCI address already in use${ownerLabel ? ` by ${ownerLabel}` : ''}`,
        at(who, 'virDomainPCIAddressReserveAddrInternal', str(a)),
      )
    }
    if (!used && flags & F.AGGREGATE_SLOT) bus.aggregate |= 1 << a.slot
    if (this.isBusEmpty(bus) && !bus.isolationGroupLocked) bus.isolationGroup = isolationGroup
    else if (bus.isolationGroup !== isolationGroup && fromConfig) bus.isolationGroup = 0
    if (used === 0) bus.usedSlots++
    bus.functions[a.slot] = used | (1 << a.function)
    let s = Math.max(bus.inUseBelow, bus.minSlot)
    while (s <= bus.maxSlot && bus.functions[s]) s++
    bus.inUseBelow = s
    if (who) {
      this.ownerKeys.push(key)
      this.ownerHolders.push(who)
    }
  }

  /** The device holding a function, from the latest entry of the owner log. */
  private ownerOf(key: number): SlotHolder | undefined {
    const i = this.ownerKeys.lastIndexOf(key)
    return i < 0 ? undefined : this.ownerHolders[i]
  }

  /** @see virDomainPCIAddressFindUnusedFunctionOnBus */
  private findOnBus(bus: PciBus, a: PciSlotAddress, fn: number, flags: F.ConnectFlags): boolean {
    if (PciAddressSet.misfit(a.bus, bus.flags, flags, false)) return false
    // note: only an aggregate slot can take a device once in use; any other device needs an
    // empty slot, and none is below inUseBelow (this keeps a search over many full buses short)
    if (!(flags & F.AGGREGATE_SLOT) && a.slot < bus.inUseBelow) a.slot = bus.inUseBelow
    while (a.slot <= bus.maxSlot) {
      const used = bus.functions[a.slot]!
      if (used === 0) return true
      if (flags & F.AGGREGATE_SLOT && bus.aggregate & (1 << a.slot)) {
        if ((used & (1 << a.function)) === 0) return true
        if (fn === -1) {
          // note: the lowest free function from a.function up, as a scan would find it: a bit
          // trick, since root ports packed eight to a slot make the search pass many full slots
          const free = ~used & (0xff << a.function) & 0xff
          if (free !== 0) {
            a.function = 31 - Math.clz32(free & -free)
            return true
          }
          a.function = 0
        }
      }
      a.slot++
    }
    return false
  }

  /** @see virDomainPCIAddressGetNextAddr */
  nextAddress(flags: F.ConnectFlags, isolationGroup: number, fn: number, who: SlotHolder | undefined): PciSlotAddress {
    if (this.nbuses === 0) fail('missing-bus', 'no PCI buses available', at(who, 'virDomainPCIAddressGetNextAddr'))
    const a: PciSlotAddress = { bus: 0, slot: 0, function: fn === -1 ? 0 : fn }
    // note: a device that needs an empty slot looks only at buses with one (no closure for
    // this: it runs for every device)
    const open = (flags & F.AGGREGATE_SLOT) === 0
    for (a.bus = open ? this.nextOpenBus(0) : 0; a.bus < this.nbuses; a.bus = open ? this.nextOpenBus(a.bus + 1) : a.bus + 1) {
      const bus = this.buses[a.bus]!
      if (bus.isolationGroup !== isolationGroup) continue
      a.slot = bus.minSlot
      if (this.findOnBus(bus, a, fn, flags)) return a
    }
    for (a.bus = open ? this.nextOpenBus(0) : 0; a.bus < this.nbuses; a.bus = open ? this.nextOpenBus(a.bus + 1) : a.bus + 1) {
      const bus = this.buses[a.bus]!
      if (!this.isBusEmpty(bus) || bus.isolationGroupLocked) continue
      a.slot = bus.minSlot
      if (this.findOnBus(bus, a, fn, flags)) return a
    }
    if (this.dryRun) {
      this.grow(a, flags, who)
      a.slot = this.buses[a.bus]!.minSlot
      return a
    }
    return fail('no-free-slot', 'no more available PCI slots', at(who, 'virDomainPCIAddressGetNextAddr'))
  }

  /** The first bus from index `i` on that may have a slot not in use; nbuses when none has. */
  private nextOpenBus(i: number): number {
    const skip = this.skip
    while (skip.length < this.buses.length) skip.push(skip.length)
    let j = i
    while (j < this.buses.length) {
      if (skip[j] !== j) {
        j = skip[j]!
        continue
      }
      const bus = this.buses[j]!
      if (bus.inUseBelow <= bus.maxSlot) break
      skip[j] = j + 1
      j++
    }
    // note: every bus passed on the way is full: point each straight at j
    for (let k = i; k < j;) {
      const next = skip[k]!
      skip[k] = j
      k = next
    }
    return j
  }

  /** Finds and reserves a free slot. @see virDomainPCIAddressReserveNextAddr */
  reserveNext(flags: F.ConnectFlags, isolationGroup: number, fn: number, who: SlotHolder | undefined): PciSlotAddress {
    const a = this.nextAddress(flags, isolationGroup, fn, who)
    this.reserve(a, flags, isolationGroup, false, who)
    return a
  }
}
