import type { DomainDef } from '../domain/domainDef.ts'
import { unsetField } from '../domain/workingDevice.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isS390Ccw } from '../machine/machineType.ts'
import { primeVirtioAddresses } from './primeVirtioAddresses.ts'

/** virtio-ccw devices live in channel subsystem 0xfe. */
const VIRTIO_CSSID = 0xfe
const DEVNO_MAX = 0xffff

const key = (cssid: number, ssid: number, devno: number) => `${cssid}.${ssid}.${devno}`

/**
 * s390 channel addresses: virtio and vfio-ccw devices without an address get devno's in
 * iteration order, skipping those already taken.
 * @see qemuDomainAssignS390Addresses, virDomainCCWAddressSetCreateFromDomain
 */
export function assignCcwAddresses(def: DomainDef): void {
  if (!isS390Ccw(def)) return
  for (const h of def.list('hostdev')) {
    if (h.type !== 'mdev') continue
    if (h.model === 'vfio-ccw' && h.address === undefined) h.address = { type: 'ccw' }
    if (h.model === 'vfio-ap') unsetField(h, 'address')
  }
  primeVirtioAddresses(def, 'ccw')

  const used = new Set<string>()
  const devices = def.iterate()
  for (const d of devices) {
    const a = d.address
    if (a?.type !== 'ccw' || a.devno === undefined) continue
    const k = key(a.cssid ?? 0, a.ssid ?? 0, a.devno)
    if (used.has(k))
      fail(
        'address-conflict',
        `CCW devno ${(a.cssid ?? 0).toString(16)}.${(a.ssid ?? 0).toString(16)}.${a.devno.toString(16).padStart(4, '0')} is already in use`,
        culprit(d, 'virDomainCCWAddressAssign'),
      )
    used.add(k)
  }
  let next = 0
  for (const d of devices) {
    const a = d.address
    if (a?.type !== 'ccw' || a.devno !== undefined) continue
    while (used.has(key(VIRTIO_CSSID, 0, next))) {
      if (next === DEVNO_MAX) fail('no-free-slot', 'there are no more free CCW devnos', culprit(d, 'virDomainCCWAddressAssign'))
      next++
    }
    used.add(key(VIRTIO_CSSID, 0, next))
    d.address = { type: 'ccw', cssid: VIRTIO_CSSID, ssid: 0, devno: next }
    def.trace.note(d, `next free CCW devno in channel subsystem 0xfe: 0x${next.toString(16).padStart(4, '0')}`)
  }
}
