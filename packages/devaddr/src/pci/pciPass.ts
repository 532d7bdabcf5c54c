import type { DomainDef } from '../domain/domainDef.ts'
import { workingFields } from '../domain/workingDevice.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isArm, isArmVirt, isPSeries, isRiscv, isRiscvVirt, isS390 } from '../machine/machineType.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'
import type { PciAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import type { EffectivePolicy } from '../policy/effectivePolicy.ts'
import * as F from './connectFlags.ts'
import { type ConnectFlavours, connectFlavours, deviceConnectFlags } from './deviceConnectFlags.ts'
import { pciAddressOf } from './pciAddressPredicates.ts'
import { PciAddressSet } from './pciAddressSet.ts'
import { isPciControllerModel } from './pciControllerModel.ts'
import { supportsZpci, ZpciIds } from './zpciIds.ts'

/** Per-run state: each device's connect flags. */
export interface PciPass {
  def: DomainDef
  flags: ConnectFlagsOf
  /** pSeries: host devices of one IOMMU group share a PHB, and no other group joins them */
  groups: Map<Device, number>
  flavours: ConnectFlavours
  /** s390: PCI devices carry zPCI uid/fid */
  zpci: boolean
  policy: EffectivePolicy
  /** devices whose PCI address came with the input */
  readonly given: Set<Device>
}

/**
 * Each device's connect flags in the current pass, kept on the engine's working copy of the
 * device (see workingFields): a pass is the only one running on its devices.
 */
interface ConnectFlagsOf {
  get(d: Device): F.ConnectFlags | undefined
  set(d: Device, flags: F.ConnectFlags): void
}

const CONNECT_FLAGS_OF: ConnectFlagsOf = {
  get: (d) => workingFields(d).pciFlags,
  set: (d, flags) => {
    workingFields(d).pciFlags = flags
  },
}

/**
 * A PCI pass over `def`: connect flags of every device, isolation groups, the devices whose
 * address came with the input.
 * @see qemuDomainFillAllPCIConnectFlags, qemuDomainSetupIsolationGroups
 */
export function newPciPass(def: DomainDef, policy: EffectivePolicy): PciPass {
  const pass: PciPass = {
    def,
    flags: CONNECT_FLAGS_OF,
    groups: isolationGroups(def),
    flavours: connectFlavours(hasRoot(def, 'pcie-root'), hasCap(def.caps, 'virtio-pci-transitional')),
    zpci: isS390(def),
    policy,
    given: new Set(),
  }
  // note: one list of the devices for both loops; the flags need every given address known
  const devices = def.iterate()
  for (const d of devices) if (pciAddressOf(d) !== undefined) pass.given.add(d)
  for (const d of devices) computeFlags(pass, d)
  return pass
}

export const hasRoot = (def: DomainDef, model: string) => def.findController('pci', 0)?.model === model

/**
 * Isolation groups of pSeries host devices: the host IOMMU group plus one, 0 for emulated
 * devices. Without `hostIommuGroup`, functions of one host slot count as one group.
 * @see qemuDomainSetupIsolationGroups, qemuDomainFillDeviceIsolationGroup
 */
function isolationGroups(def: DomainDef): Map<Device, number> {
  const groups = new Map<Device, number>()
  if (!isPSeries(def)) return groups
  const bySlot = new Map<string, number>()
  const hostdevs = [
    ...def.list('interface').filter((n) => n.type === 'hostdev'),
    ...def.list('hostdev').filter((h) => h.mode === 'subsystem' && h.type === 'pci'),
  ]
  for (const h of hostdevs) {
    let group = h.hostIommuGroup
    if (group === undefined && h.hostAddress) {
      const slot = h.hostAddress.replace(/\.[0-9a-f]+$/, '')
      group = bySlot.get(slot) ?? bySlot.size
      bySlot.set(slot, group)
    }
    if (group !== undefined) groups.set(h, group + 1)
  }
  return groups
}

/** @see qemuDomainSupportsPCI */
export function supportsPci(def: DomainDef): boolean {
  if (!isArm(def) && !isRiscv(def)) return true
  if (def.machine === 'versatilepb') return true
  return isArmVirt(def) || isRiscvVirt(def)
}

/** An `<interface type='hostdev'>` is a PCI host device in disguise. */
export function interfaceHostdevFlags(d: Device, f: ConnectFlavours): F.ConnectFlags {
  return deviceConnectFlags({ ...d, kind: 'hostdev', mode: 'subsystem', type: 'pci' }, f)
}

export function computeFlags(pass: PciPass, d: Device): F.ConnectFlags {
  const v = applyPlacement(pass, d, deviceConnectFlags(d, pass.flavours))
  pass.flags.set(d, v)
  return v
}

/**
 * Policy placement on top of libvirt's flags: a forced PCI or PCIe slot, the root complex,
 * root ports in slots of their own.
 */
function applyPlacement(pass: PciPass, d: Device, flags: F.ConnectFlags): F.ConnectFlags {
  const { policy } = pass
  if (d.kind === 'controller' && d.type === 'pci') {
    return d.model === 'pcie-root-port' && policy.distinctSlots ? flags & ~F.AGGREGATE_SLOT : flags
  }
  if (!(flags & F.TYPES_ENDPOINT)) return flags
  // note: the root-complex mode leaves alone what the input placed and what is pinned to a NUMA node
  const rootComplex = policy.rootComplexOnly && !pass.given.has(d) && d.numaNode === undefined
  const placement = d.placement ?? (rootComplex ? 'integrated' : policy.placement)
  switch (placement) {
    case 'pci':
      return (flags & ~F.TYPES_ENDPOINT) | F.PCI_DEVICE
    case 'pcie':
      return (flags & ~F.TYPES_ENDPOINT) | pass.flavours.pcie
    case 'integrated':
      return flags | F.INTEGRATED
    case 'auto':
    case undefined:
      return flags
  }
}

/**
 * Builds the address set from the PCI controllers and reserves every address the config
 * already holds.
 * @see qemuDomainPCIAddressSetCreate, qemuDomainCollectPCIAddress
 */
export function createAddressSet(pass: PciPass, nbuses: number, dryRun: boolean): PciAddressSet {
  const { def } = pass
  const addrs = new PciAddressSet(nbuses, dryRun, isPSeries(def), hasCap(def.caps, 'pcie-pci-bridge'))
  let hasPcieRoot = false
  for (const c of def.controllers) {
    if (c.type !== 'pci' || c.index === undefined || !isPciControllerModel(c.model)) continue
    if (c.index >= addrs.nbuses) throw new Error(`pci controller index ${c.index} beyond ${addrs.nbuses}`)
    addrs.setBusModel(c.index, c.model, c.target?.hotplug !== 'off')
    if (isPSeries(def) && c.index === 0) addrs.buses[0]!.isolationGroupLocked = true
    if (c.model === 'pcie-root') hasPcieRoot = true
  }
  if (nbuses > 0 && !addrs.buses[0]!.model) addrs.setBusModel(0, 'pci-root', true)
  const defaultModel = isPSeries(def) ? 'pci-root' : hasPcieRoot ? 'pcie-root-port' : 'pci-bridge'
  for (let i = 1; i < addrs.nbuses; i++) if (!addrs.buses[i]!.model) addrs.setBusModel(i, defaultModel, true)

  for (const d of def.iterate()) {
    const a = pciAddressOf(d)
    if (!a) continue
    let flags = pass.flags.get(d) ?? 0
    // note: a device that should not be on PCI but has a PCI address is kept as a plain PCI device
    if (!flags) flags = F.PCI_DEVICE
    if (d.kind === 'controller' && a.domain === 0 && a.bus === 0 && a.slot === 1) {
      const piix3Ide = d.type === 'ide' && d.index === 0 && a.function === 1
      const piix3Usb = d.type === 'usb' && d.index === 0 && (d.model === 'piix3-uhci' || d.model === undefined) && a.function === 2
      if (piix3Ide || piix3Usb) {
        if (addrs.nbuses > 0 && !(addrs.buses[0]!.flags & F.PCI_DEVICE))
          fail(
            'incompatible-bus',
            'bus 0 must be PCI for the integrated PIIX3 USB or IDE controllers',
            culprit(d, 'qemuDomainCollectPCIAddress'),
          )
        continue
      }
    }
    if (a.domain !== 0)
      fail(
        'invalid-address',
        'only PCI domain 0 is available',
        culprit(d, 'virDomainPCIAddressValidate', `${a.domain.toString(16).padStart(4, '0')}:…`),
      )
    addrs.reserve({ bus: a.bus, slot: a.slot, function: a.function }, flags, pass.groups.get(d) ?? 0, true, d)
  }
  if (pass.policy.stablePacking) {
    // note: libvirt would pack a new root port next to a single-function port and so turn
    // multifunction on for a device the guest already has; a devaddr policy never does
    for (const d of def.iterate()) {
      const a = pciAddressOf(d)
      if (a && a.function === 0 && a.multifunction === undefined && pass.given.has(d)) addrs.sealSlot(a)
    }
  }
  if (pass.zpci) {
    // note: a partly given zPCI address is completed while collecting, in device order,
    // whether or not the PCI address itself is given yet
    const ids = new ZpciIds()
    addrs.zpciIds = ids
    for (const d of def.iterate()) {
      const a = d.address
      if (a?.type !== 'pci' || !a.zpci || !hasZpciExtension(d, def)) continue
      // note: libvirt completes these even in its dry run
      a.zpci = ids.ensure(a.zpci, d)
    }
  }
  return addrs
}

/** Controllers the PCI pass adds itself get a zPCI extension only from libvirt 11 (see the profile). */
const hasZpciExtension = (d: Device, def: DomainDef) => supportsZpci(d) && (d.origin !== 'auto' || def.profile.zpciForAddedControllers)

/** PCI devices on s390 without a zPCI uid/fid get the lowest free ones. @see qemuDomainAssignPCIAddressExtension */
export function assignZpci(pass: PciPass, addrs: PciAddressSet): void {
  const ids = addrs.zpciIds
  if (!ids) return
  for (const d of pass.def.iterate()) {
    const a = d.address
    if (a?.type !== 'pci' || !hasZpciExtension(d, pass.def)) continue
    if (a.zpci?.uid !== undefined && a.zpci.fid !== undefined) continue
    const done = ids.ensure(a.zpci ?? {}, d)
    if (!addrs.dryRun) a.zpci = done
  }
}

export function pciOf(a: { bus: number; slot: number; function: number }): PciAddress {
  return { type: 'pci', domain: 0, bus: a.bus, slot: a.slot, function: a.function }
}
