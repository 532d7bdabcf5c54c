import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import type { Device } from '../model/device.ts'

/**
 * Boot order as libvirt checks it after parsing: no two devices share a `<boot order>`, and a
 * domain names its boot devices either per device or in `<os><boot dev>`, never both.
 * @see virDomainDefBootOrderPostParse
 */
export function validateBootOrder(def: DomainDef): void {
  const seen = new Set<number>()
  let first: Device | undefined
  for (const d of def.iterate()) {
    if (d.bootOrder === undefined) continue
    if (seen.has(d.bootOrder))
      fail('unsupported', `boot order '${d.bootOrder}' used for more than one device`, culprit(d, 'virDomainDefCollectBootOrder'))
    seen.add(d.bootOrder)
    first ??= d
  }
  if (first !== undefined && def.osBoot)
    fail(
      'unsupported',
      'per-device boot elements cannot be used together with os/boot elements: remove <boot dev> from <os> or <boot order> from the devices',
      culprit(first, 'virDomainDefBootOrderPostParse'),
    )
}

/**
 * A virtiofs filesystem takes a boot order only on PCI: checked once addresses are assigned, so
 * that one on CCW (s390) or virtio-mmio is refused. From the releases whose profile says so.
 * @see qemuValidateDomainDeviceDefFS
 */
export function validateVirtiofsBootOrder(def: DomainDef): void {
  if (!def.profile.virtiofsBootOrderNeedsPci) return
  for (const fs of def.list('filesystem')) {
    if (fs.driverType !== 'virtiofs' || fs.bootOrder === undefined) continue
    if (fs.address !== undefined && fs.address.type !== 'pci')
      fail(
        'unsupported',
        `setting a boot order on a virtiofs filesystem needs a PCI address (this one is on ${fs.address.type})`,
        culprit(fs, 'qemuValidateDomainDeviceDefFS'),
      )
  }
}
