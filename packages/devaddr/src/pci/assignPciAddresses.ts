import type { DomainDef } from '../domain/domainDef.ts'
import { fail } from '../failure.ts'
import { isArm, isPSeries, isRiscv, isArmVirt, isRiscvVirt, isS390 } from '../machine/machineType.ts'
import type { PciAddress } from '../model/address.ts'
import { deviceLabel, type Device } from '../model/device.ts'
import { reserveChipsetSlots, type ChipsetContext } from './chipsetSlots.ts'
import * as F from './connectFlags.ts'
import { connectFlavours, deviceConnectFlags, type ConnectFlavours } from './deviceConnectFlags.ts'
import { isPciWanted, pciAddressOf } from './pciAddressPredicates.ts'
import { PciAddressSet } from './pciAddressSet.ts'
import { supportsZpci, ZpciIds } from './zpciIds.ts'
import { isPciControllerModel, pciControllerModelName } from './pciControllerModel.ts'
import { isUsb2Controller } from '../postparse/assignControllerIndexes.ts'

/** Per-run state: each device's connect flags. */
interface PciPass {
  def: DomainDef
  flags: Map<Device, F.ConnectFlags>
  /** pSeries: host devices of one IOMMU group share a PHB, and no other group joins them */
  groups: Map<Device, number>
  flavours: ConnectFlavours
  /** s390: PCI devices carry zPCI uid/fid */
  zpci: boolean
}

const hasRoot = (def: DomainDef, model: string) => def.findController('pci', 0)?.model === model

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
function supportsPci(def: DomainDef): boolean {
  if (!isArm(def) && !isRiscv(def)) return true
  if (def.machine === 'versatilepb') return true
  return isArmVirt(def) || isRiscvVirt(def)
}

/** An `<interface type='hostdev'>` is a PCI host device in disguise. */
function interfaceHostdevFlags(d: Device, f: ConnectFlavours): F.ConnectFlags {
  return deviceConnectFlags({ ...d, kind: 'hostdev', mode: 'subsystem', type: 'pci' }, f)
}

function computeFlags(pass: PciPass, d: Device): F.ConnectFlags {
  const v = deviceConnectFlags(d, pass.flavours)
  pass.flags.set(d, v)
  return v
}

/**
 * Builds the address set from the PCI controllers and reserves every address the config
 * already holds.
 * @see qemuDomainPCIAddressSetCreate, qemuDomainCollectPCIAddress
 */
function createAddressSet(pass: PciPass, nbuses: number, dryRun: boolean): PciAddressSet {
  const { def } = pass
  const addrs = new PciAddressSet(nbuses, dryRun, isPSeries(def), true)
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
          fail('incompatible-bus', 'bus 0 must be PCI for the integrated PIIX3 USB or IDE controllers', deviceLabel(d))
        continue
      }
    }
    if (a.domain !== 0)
      fail('invalid-address', 'only PCI domain 0 is available', deviceLabel(d), `${a.domain.toString(16).padStart(4, '0')}:…`)
    addrs.reserve({ bus: a.bus, slot: a.slot, function: a.function }, flags, pass.groups.get(d) ?? 0, true, deviceLabel(d))
  }
  if (pass.zpci) {
    // note: a partly given zPCI address is completed while collecting, in device order,
    // whether or not the PCI address itself is given yet
    const ids = new ZpciIds()
    addrs.zpciIds = ids
    for (const d of def.iterate()) {
      const a = d.address
      if (a?.type !== 'pci' || !a.zpci || !hasZpciExtension(d)) continue
      // note: libvirt completes these even in its dry run
      a.zpci = ids.ensure(a.zpci, deviceLabel(d))
    }
  }
  return addrs
}

/** Controllers the PCI pass adds itself never get a zPCI extension. */
const hasZpciExtension = (d: Device) => supportsZpci(d) && d.origin !== 'auto'

/** PCI devices on s390 without a zPCI uid/fid get the lowest free ones. @see qemuDomainAssignPCIAddressExtension */
function assignZpci(pass: PciPass, addrs: PciAddressSet): void {
  const ids = addrs.zpciIds
  if (!ids) return
  for (const d of pass.def.iterate()) {
    const a = d.address
    if (a?.type !== 'pci' || !hasZpciExtension(d)) continue
    if (a.zpci?.uid !== undefined && a.zpci.fid !== undefined) continue
    const done = ids.ensure(a.zpci ?? {}, deviceLabel(d))
    if (!addrs.dryRun) a.zpci = done
  }
}

function pciOf(a: { bus: number; slot: number; function: number }): PciAddress {
  return { type: 'pci', domain: 0, bus: a.bus, slot: a.slot, function: a.function }
}

/**
 * Reserves a slot for every device that wants one, in libvirt's order.
 * @see qemuDomainAssignDevicePCISlots
 */
function assignDeviceSlots(pass: PciPass, addrs: PciAddressSet): void {
  const { def } = pass
  const next = (d: Device, flags = pass.flags.get(d) ?? 0) => {
    const a = addrs.reserveNext(flags, pass.groups.get(d) ?? 0, -1, deviceLabel(d))
    if (!addrs.dryRun) {
      const zpci = d.address?.type === 'pci' ? d.address.zpci : undefined
      d.address = { ...pciOf(a), ...(zpci ? { zpci } : {}) }
    }
  }
  const wanted = (d: Device) => isPciWanted(d)

  for (const c of def.controllers) {
    if (c.type !== 'pci' || c.model === 'pci-root' || c.model === 'pcie-root' || !wanted(c)) continue
    next(c)
  }
  for (const fs of def.list('filesystem')) if (wanted(fs) && pass.flags.get(fs)) next(fs)
  for (const net of def.list('interface')) {
    if (net.type === 'hostdev' || !wanted(net) || !pass.flags.get(net)) continue
    next(net)
  }
  for (const s of def.list('sound')) {
    if (!wanted(s) || s.model === 'sb16' || s.model === 'pcspk' || s.model === 'usb' || !pass.flags.get(s)) continue
    next(s)
  }
  for (const c of def.controllers) {
    if (c.type === 'pci') continue
    if (c.type === 'usb' && c.model === 'none') continue
    if (c.type === 'fdc' || c.type === 'ccid') continue
    if (c.type === 'ide' && c.index === 0) continue
    if (c.type === 'scsi' && c.model === 'ncr53c90') continue
    if (!wanted(c) || !pass.flags.get(c)) continue
    if (isUsb2Controller(c.type, c.model)) assignUsb2(pass, addrs, c)
    else next(c)
  }
  for (const d of def.list('disk')) {
    if (d.bus !== 'virtio') continue
    if (pciAddressOf(d) || d.address?.type === 'ccw' || d.address?.type === 'virtio-mmio') continue
    if (!wanted(d))
      fail('wrong-address-type', `a virtio disk cannot have an address of type '${d.address?.type}'`, deviceLabel(d))
    next(d)
  }
  const netHostdevs = def.list('interface').filter((n) => n.type === 'hostdev')
  for (const h of netHostdevs) if (wanted(h)) next(h, interfaceHostdevFlags(h, pass.flavours))
  for (const h of def.list('hostdev')) {
    if (!wanted(h) || h.mode !== 'subsystem') continue
    if (h.type !== 'pci' && h.type !== 'scsi_host' && !(h.type === 'mdev' && h.model === 'vfio-pci')) continue
    next(h)
  }
  for (const m of def.list('memballoon')) if (wanted(m) && pass.flags.get(m)) next(m)
  for (const r of def.list('rng')) if (wanted(r) && pass.flags.get(r)) next(r)
  for (const w of def.list('watchdog')) if (w.model === 'i6300esb' && wanted(w)) next(w)
  for (const v of def.list('video')) {
    if (v.model === 'none' || v.model === 'ramfb' || !wanted(v) || !pass.flags.get(v)) continue
    next(v)
  }
  for (const s of def.list('shmem')) if (wanted(s)) next(s)
  for (const i of def.list('input')) if (i.bus === 'virtio' && wanted(i)) next(i)
  for (const s of def.list('serial')) if (s.targetType === 'pci-serial' && wanted(s)) next(s)
  for (const i of def.list('iommu')) if ((i.model === 'virtio' || i.model === 'amd') && wanted(i)) next(i)
  for (const v of def.list('vsock')) if (wanted(v) && pass.flags.get(v)) next(v)
  for (const m of def.list('memory')) if ((m.model === 'virtio-pmem' || m.model === 'virtio-mem') && wanted(m)) next(m)
  for (const c of def.list('crypto')) if (wanted(c)) next(c)
  for (const p of def.list('panic')) if (p.model === 'pvpanic' && wanted(p)) next(p)
  for (const p of def.list('pstore')) if (wanted(p) && pass.flags.get(p)) next(p)
}

/** EHCI and its UHCI companions share a slot, each on its fixed function. */
function assignUsb2(pass: PciPass, addrs: PciAddressSet, c: Device): void {
  const fn = c.model === 'ich9-ehci1' ? 7 : c.model === 'ich9-uhci1' ? 0 : c.model === 'ich9-uhci2' ? 1 : 2
  const multifunction = c.model === 'ich9-uhci1' ? ('on' as const) : undefined
  const sibling = pass.def.controllers.find(
    (o) => isUsb2Controller(o.type, o.model) && o.index === c.index && pciAddressOf(o) !== undefined,
  )
  const flags = pass.flags.get(c) ?? 0
  if (sibling) {
    const s = pciAddressOf(sibling)!
    const a = { bus: s.bus, slot: s.slot, function: fn }
    addrs.reserve(a, flags, 0, true, deviceLabel(c))
    c.address = { ...pciOf(a), ...(multifunction ? { multifunction } : {}) }
  } else {
    const a = addrs.reserveNext(flags, 0, fn, deviceLabel(c))
    if (!addrs.dryRun) c.address = { ...pciOf(a), ...(multifunction ? { multifunction } : {}) }
  }
}

/** Every function-0 device of a slot with other functions in use gets multifunction='on'. @see virDomainPCIAddressSetAllMulti */
function setAllMulti(def: DomainDef): void {
  const devices = def.iterate()
  for (const d of devices) {
    const a = pciAddressOf(d)
    if (!a || a.function === 0) continue
    for (const o of devices) {
      const b = o.address?.type === 'pci' ? o.address : undefined
      if (b && b.domain === a.domain && b.bus === a.bus && b.slot === a.slot && b.function === 0) {
        if (b.multifunction === undefined) b.multifunction = 'on'
        break
      }
    }
  }
}

/** @see qemuDomainAddressFindNewBusNr */
function findNewBusNr(def: DomainDef): number {
  let lowest = 256
  for (const c of def.controllers) if (c.type === 'pci' && c.target?.busNr !== undefined && c.target.busNr < lowest) lowest = c.target.busNr
  return lowest <= 2 ? -1 : lowest - 2
}

/** @see qemuDomainAddressFindNewTargetIndex */
function findNewTargetIndex(def: DomainDef): number {
  for (let t = 1; t <= 31; t++)
    if (!def.controllers.some((c) => c.type === 'pci' && c.model === 'pci-root' && c.target?.index === t)) return t
  return -1
}

/** Model names and `<target>` values libvirt fills in on PCI controllers. */
function setControllerDefaults(def: DomainDef): void {
  for (const c of def.controllers) {
    if (c.type !== 'pci' || !isPciControllerModel(c.model)) continue
    const idx = c.index ?? 0
    const a = c.address?.type === 'pci' ? c.address : undefined
    if (c.modelName === undefined) {
      const name = pciControllerModelName(c.model, isPSeries(def))
      if (name) c.modelName = name
    }
    const t = (c.target ??= {})
    switch (c.model) {
      case 'pci-bridge':
        t.chassisNr ??= idx
        break
      case 'pcie-root-port':
        t.chassis ??= idx
        t.port ??= ((a?.slot ?? 0) << 3) + (a?.function ?? 0)
        break
      case 'pcie-switch-downstream-port':
        t.chassis ??= idx
        t.port ??= a?.slot ?? 0
        break
      case 'pci-expander-bus':
      case 'pcie-expander-bus':
        if (t.busNr === undefined) {
          const nr = findNewBusNr(def)
          if (nr < 0)
            fail(
              'invalid-controller',
              'no free busNr lower than the current lowest busNr is available to auto-assign; set busNr by hand',
              deviceLabel(c),
            )
          t.busNr = nr
        }
        break
      case 'pci-root':
        if (isPSeries(def) && t.index === undefined) {
          const ti = idx === 0 ? 0 : findNewTargetIndex(def)
          if (ti < 0) fail('invalid-controller', 'no usable PHB target index is left (1..31)', deviceLabel(c))
          t.index = ti
        }
        break
      default:
        break
    }
    if (Object.keys(t).length === 0) delete c.target
    if (c.model === 'pci-bridge' && a && idx <= a.bus)
      fail(
        'invalid-controller',
        `a pci-bridge's index (${idx}) must be larger than the bus it sits on (0x${a.bus.toString(16).padStart(2, '0')})`,
        deviceLabel(c),
      )
  }
}

/**
 * PCI address assignment: a dry run that finds which controllers are missing and adds them,
 * then the real assignment, multifunction flags and controller defaults.
 * @see qemuDomainAssignPCIAddresses
 */
export function assignPciAddresses(def: DomainDef): void {
  let maxIdx = -1
  for (const c of def.controllers) if (c.type === 'pci' && c.index !== undefined) maxIdx = Math.max(maxIdx, c.index)
  let nbuses = maxIdx + 1
  const pass: PciPass = { def, flags: new Map(), groups: isolationGroups(def), flavours: connectFlavours(hasRoot(def, 'pcie-root')), zpci: isS390(def) }
  for (const d of def.iterate()) computeFlags(pass, d)

  const chipsetContext = (addrs: PciAddressSet): ChipsetContext => ({
    addrs,
    assignNext: (d) => {
      const a = addrs.reserveNext(pass.flags.get(d) ?? 0, 0, -1, deviceLabel(d))
      if (!addrs.dryRun) d.address = pciOf(a)
    },
  })

  if (nbuses > 0) {
    const addrs = createAddressSet(pass, nbuses, true)
    reserveChipsetSlots(def, chipsetContext(addrs))
    if (hasRoot(def, 'pci-root') && !addrs.buses.every((b) => addrs.isBusFullyReserved(b)))
      // note: one spare legacy slot, so that bus 0 filling up exactly still adds a pci-bridge
      addrs.reserveNext(F.AUTOASSIGN | F.PCI_DEVICE, 0, -1, undefined)
    assignDeviceSlots(pass, addrs)
    assignZpci(pass, addrs)
    if (maxIdx <= 0 && addrs.nbuses > maxIdx + 1 && hasRoot(def, 'pcie-root'))
      // note: libvirt manages this topology, so it leaves one empty root port for hotplug
      addrs.reserveNext(F.AUTOASSIGN | F.PCIE_DEVICE, 0, -1, undefined)
    for (let i = 1; i < addrs.nbuses; i++) {
      const bus = addrs.buses[i]!
      const added = def.maybeAddController('pci', i, bus.model, 'auto')
      if (!added) continue
      const flags = computeFlags(pass, added)
      if (bus.model !== 'pci-root' && bus.model !== 'pcie-root') addrs.reserveNext(flags, 0, -1, deviceLabel(added))
    }
    nbuses = addrs.nbuses
  }

  const addrs = createAddressSet(pass, nbuses, false)
  if (!supportsPci(def)) return
  reserveChipsetSlots(def, chipsetContext(addrs))
  assignDeviceSlots(pass, addrs)
  assignZpci(pass, addrs)
  setAllMulti(def)
  setControllerDefaults(def)
}
