import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isPSeries, isS390, isS390Ccw } from '../machine/machineType.ts'
import { type DriveAddress, formatPciAddress } from '../model/address.ts'
import { type Device, deviceLabel } from '../model/device.ts'

const ZPCI_UID_MAX = 0xffff
const SPAPR_REG_MAX = 0xffffffff
/** libvirt keeps a controller index in a C int */
const CONTROLLER_INDEX_MAX = 0x7fffffff

/**
 * Address checks libvirt makes while parsing: ranges, address types that do not fit the
 * device, duplicate drive addresses.
 * @see virPCIDeviceAddressIsValid, qemuValidateDomainDeviceDefAddress, virDomainDiskDefValidate
 */
export function validateAddresses(def: DomainDef): void {
  for (const d of def.iterate()) {
    const a = d.address
    if (!a) continue
    switch (a.type) {
      case 'pci':
        if (a.bus > 0xff)
          fail(
            'invalid-address',
            `PCI bus 0x${a.bus.toString(16)} is out of range (must be <= 0xFF)`,
            culprit(d, 'virPCIDeviceAddressIsValid'),
          )
        if (a.slot > 0x1f)
          fail(
            'invalid-address',
            `PCI slot 0x${a.slot.toString(16)} is out of range (must be <= 0x1F)`,
            culprit(d, 'virPCIDeviceAddressIsValid'),
          )
        if (a.function > 7)
          fail('invalid-address', `PCI function ${a.function} is out of range (must be <= 7)`, culprit(d, 'virPCIDeviceAddressIsValid'))
        if (a.zpci) {
          if (!isS390(def))
            fail(
              'unsupported',
              'zPCI addresses exist only on s390 machines',
              culprit(d, 'qemuValidateDomainDeviceDefZPCIAddress', formatPciAddress(a)),
            )
          if (a.zpci.uid !== undefined && (a.zpci.uid === 0 || a.zpci.uid > ZPCI_UID_MAX))
            fail(
              'invalid-address',
              `zPCI uid 0x${a.zpci.uid.toString(16)} must be > 0x0000 and <= 0xffff`,
              culprit(d, 'qemuValidateDomainDeviceDefZPCIAddress'),
            )
        }
        break
      case 'spapr-vio':
        if (a.reg !== undefined && a.reg > SPAPR_REG_MAX)
          fail(
            'invalid-address',
            `spapr-vio reg 0x${a.reg.toString(16)} exceeds the maximum 0xffffffff`,
            culprit(d, 'qemuValidateDomainDeviceDefAddress'),
          )
        break
      case 'virtio-serial':
      case 'ccid':
        if (a.controller > CONTROLLER_INDEX_MAX)
          fail(
            'invalid-address',
            `${a.type} address controller=${a.controller} names a controller index past ${CONTROLLER_INDEX_MAX}, the largest a controller has`,
            culprit(d, 'virDomainDefMaybeAddController'),
          )
        break
      case 'usb':
        if (a.port && a.port.split('.').length > 4)
          fail('invalid-address', `USB port path '${a.port}' is deeper than 4 levels`, culprit(d, 'virDomainDeviceUSBAddressParsePort'))
        break
      default:
        break
    }
    checkAddressTypeFits(def, d)
    // note: after the post-parse checks above, as libvirt validates addresses after post-parse
    if (a.type === 'ccw' && !isS390Ccw(def))
      fail(
        'wrong-address-type',
        `a CCW address needs an s390-ccw-virtio machine, not '${def.machine}'`,
        culprit(d, 'qemuValidateDomainDeviceDefAddress'),
      )
  }
  checkZpciConflicts(def)
}

/** The address types a host device of each subsystem type may have. @see virDomainHostdevDefValidate */
const HOSTDEV_ADDRESS_TYPES: Readonly<Record<string, readonly string[]>> = {
  pci: ['pci', 'unassigned'],
  scsi: ['drive'],
  scsi_host: ['pci', 'ccw'],
  usb: ['usb'],
}

function checkAddressTypeFits(def: DomainDef, d: Device): void {
  const t = d.address?.type
  if (!t) return
  switch (d.kind) {
    case 'disk':
      if ((d.bus === 'ide' || d.bus === 'sata' || d.bus === 'scsi' || d.bus === 'fdc') && t !== 'drive')
        fail('wrong-address-type', `a disk on the ${d.bus} bus needs a drive address, not '${t}'`, culprit(d, 'virDomainDiskDefValidate'))
      if (d.bus === 'usb' && t !== 'usb')
        fail('wrong-address-type', `a USB disk needs a usb address, not '${t}'`, culprit(d, 'virDomainDiskDefValidate'))
      return
    case 'hostdev': {
      const allowed = d.mode === 'capabilities' ? undefined : HOSTDEV_ADDRESS_TYPES[d.type ?? '']
      if (allowed && !allowed.includes(t))
        fail(
          'wrong-address-type',
          `a ${d.type} host device takes a ${allowed.join(' or ')} address, not '${t}'`,
          culprit(d, 'virDomainHostdevDefValidate'),
        )
      if (d.type === 'mdev' && d.model === 'vfio-pci' && t !== 'pci')
        fail('wrong-address-type', `a vfio-pci mediated device needs a PCI address, not '${t}'`, culprit(d, 'virDomainHostdevDefPostParse'))
      if (d.type === 'mdev' && d.model === 'vfio-ccw' && t !== 'ccw')
        fail('wrong-address-type', `a vfio-ccw mediated device needs a CCW address, not '${t}'`, culprit(d, 'virDomainHostdevDefPostParse'))
      return
    }
    case 'panic':
      {
        const model = d.model ?? (isPSeries(def) ? 'pseries' : isS390(def) ? 's390' : 'isa')
        if (model === 'pseries' || model === 's390')
          fail('wrong-address-type', `a panic device of model '${model}' takes no address`, culprit(d, 'qemuValidateDomainDefPanic'))
      }
      if (d.model === 'pvpanic' && t !== 'pci')
        fail('wrong-address-type', 'pvpanic needs a PCI address', culprit(d, 'qemuValidateDomainDefPanic'))
      return
    case 'video':
      if (d.model === 'ramfb' || d.model === 'none')
        fail('wrong-address-type', `a ${d.model} video device takes no address`, culprit(d, 'virDomainVideoDefValidate'))
      return
    case 'smartcard':
      if (t !== 'ccid')
        fail('wrong-address-type', `a smartcard needs a ccid address, not '${t}'`, culprit(d, 'virDomainSmartcardDefParseXML'))
      return
    case 'iommu':
      if (d.model === 'virtio' && t !== 'pci')
        fail('wrong-address-type', "a 'virtio' IOMMU needs a PCI address", culprit(d, 'qemuValidateDomainDeviceDefIOMMU'))
      return
    default:
      return
  }
}

const driveKey = (a: DriveAddress) => `${a.controller}:${a.bus}:${a.target}:${a.unit}`

/**
 * Two disks of one bus, or a SCSI disk and a SCSI host device, on one drive address.
 * Runs once drive addresses are assigned.
 * @see virDomainDefDuplicateDriveAddressesValidate
 */
export function checkDriveConflicts(def: DomainDef): void {
  const seen = new Map<string, Device>()
  for (const d of def.list('disk')) {
    if (d.address?.type !== 'drive') continue
    const key = `${d.bus}/${driveKey(d.address)}`
    const other = seen.get(key)
    if (other)
      fail(
        'address-conflict',
        `drive address controller=${d.address.controller} bus=${d.address.bus} target=${d.address.target} unit=${d.address.unit} is already used by ${deviceLabel(other)}`,
        culprit(d, 'virDomainDefDuplicateDriveAddressesValidate'),
      )
    seen.set(key, d)
  }
  const scsiHost = new Map<string, Device>()
  for (const h of def.list('hostdev')) {
    if (h.type !== 'scsi' || h.address?.type !== 'drive') continue
    const key = driveKey(h.address)
    const other = scsiHost.get(key) ?? seen.get(`scsi/${key}`)
    if (other)
      fail(
        'address-conflict',
        `SCSI address ${key.replaceAll(':', '/')} is already used by ${deviceLabel(other)}`,
        culprit(h, 'virDomainDefDuplicateDriveAddressesValidate'),
      )
    scsiHost.set(key, h)
  }
}

function checkZpciConflicts(def: DomainDef): void {
  const uids = new Map<number, Device>()
  const fids = new Map<number, Device>()
  for (const d of def.iterate()) {
    const z = d.address?.type === 'pci' ? d.address.zpci : undefined
    if (!z) continue
    for (const [v, map, name] of [
      [z.uid, uids, 'uid'],
      [z.fid, fids, 'fid'],
    ] as const) {
      if (v === undefined) continue
      const other = map.get(v)
      if (other)
        fail(
          'address-conflict',
          `zPCI ${name} 0x${v.toString(16)} is already used by ${deviceLabel(other)}`,
          culprit(d, 'virDomainZPCIAddressReserveId'),
        )
      map.set(v, d)
    }
  }
}
