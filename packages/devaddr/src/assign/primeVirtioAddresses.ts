import type { DomainDef } from '../domain/domainDef.ts'
import type { Address } from '../model/address.ts'
import type { Device } from '../model/device.ts'

const isVirtioNet = (m: string | undefined) => m === 'virtio' || m === 'virtio-transitional' || m === 'virtio-non-transitional'

/**
 * Declares every address-less virtio device to use `type` (ccw on s390, virtio-mmio on
 * some ARM/RISC-V guests) before PCI assignment sees them.
 * @see qemuDomainPrimeVirtioDeviceAddresses
 */
export function primeVirtioAddresses(def: DomainDef, type: 'ccw' | 'virtio-mmio'): void {
  const set = (d: Device) => {
    if (d.address === undefined) d.address = { type } as Address
  }
  for (const d of def.list('disk')) if (d.bus === 'virtio') set(d)
  for (const n of def.list('interface')) if (isVirtioNet(n.model)) set(n)
  for (const s of def.list('sound')) if (s.model === 'virtio') set(s)
  for (const v of def.list('video')) if (v.model === 'virtio') set(v)
  for (const i of def.list('input')) if (i.bus === 'virtio') set(i)
  for (const c of def.controllers) if (c.type === 'virtio-serial' || c.type === 'scsi') set(c)
  for (const h of def.list('hostdev')) if (h.mode === 'subsystem' && h.type === 'scsi_host') set(h)
  for (const m of def.list('memballoon')) if (m.model !== 'none') set(m)
  for (const r of def.list('rng')) set(r)
  for (const m of def.list('memory')) if (m.model === 'virtio-pmem' || m.model === 'virtio-mem') set(m)
  if (type === 'ccw') {
    for (const f of def.list('filesystem')) set(f)
    for (const v of def.list('vsock')) set(v)
  }
  for (const c of def.list('crypto')) set(c)
}
