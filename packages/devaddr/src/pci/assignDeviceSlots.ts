import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import type { Device } from '../model/device.ts'
import { isUsb2Controller } from '../postparse/assignControllerIndexes.ts'
import { isPciWanted, pciAddressOf } from './pciAddressPredicates.ts'
import type { PciAddressSet } from './pciAddressSet.ts'
import { interfaceHostdevFlags, pciOf, type PciPass } from './pciPass.ts'

/**
 * Reserves a slot for every device that wants one, in libvirt's order.
 * @see qemuDomainAssignDevicePCISlots
 */
export function assignDeviceSlots(pass: PciPass, addrs: PciAddressSet): void {
  const { def } = pass
  const next = (d: Device, flags = pass.flags.get(d) ?? 0) => {
    const a = addrs.reserveNext(flags, pass.groups.get(d) ?? 0, -1, d)
    if (!addrs.dryRun) {
      const zpci = d.address?.type === 'pci' ? d.address.zpci : undefined
      const address = pciOf(a)
      if (zpci) address.zpci = zpci
      d.address = address
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
    // note: libvirt skips only these; a model with no PCI connection (ich7) fails to place
    if (!wanted(s) || s.model === 'sb16' || s.model === 'pcspk' || s.model === 'usb') continue
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
    if (pciAddressOf(d) || d.address?.type === 'ccw' || d.address?.type === 'virtio-mmio' || pass.def.policyPlaced.has(d)) continue
    if (!wanted(d))
      fail(
        'wrong-address-type',
        `a virtio disk cannot have an address of type '${d.address?.type}'`,
        culprit(d, 'qemuDomainAssignDevicePCISlots'),
      )
    next(d)
  }
  const netHostdevs = def.list('interface').filter((n) => n.type === 'hostdev')
  for (const h of netHostdevs) if (wanted(h)) next(h, interfaceHostdevFlags(h, pass.flavours))
  for (const h of def.list('hostdev')) {
    if (!wanted(h) || h.mode !== 'subsystem') continue
    if (h.type !== 'pci' && h.type !== 'scsi_host' && !(h.type === 'mdev' && h.model === 'vfio-pci')) continue
    next(h)
  }
  // note: any model but none, as libvirt asks: a xen balloon plugs into no PCI slot, and so fails
  for (const m of def.list('memballoon')) if (wanted(m) && m.model !== 'none') next(m)
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
    addrs.reserve(a, flags, 0, true, c)
    c.address = { ...pciOf(a), ...(multifunction ? { multifunction } : {}) }
  } else {
    const a = addrs.reserveNext(flags, 0, fn, c)
    if (!addrs.dryRun) c.address = { ...pciOf(a), ...(multifunction ? { multifunction } : {}) }
  }
}
