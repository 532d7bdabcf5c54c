import { diskNameToIndex, type DomainDef } from '../domain/domainDef.ts'
import { fail } from '../failure.ts'
import type { DriveAddress } from '../model/address.ts'
import { deviceLabel } from '../model/device.ts'

/** QEMU's SCSI bus is the narrow one: 7 units per controller. */
const SCSI_NARROW_UNITS = 7

/**
 * Gives a drive address to every IDE/SATA/SCSI/FDC disk that has none, from its target name.
 * @see virDomainDiskDefAssignAddress
 */
export function assignDriveAddresses(def: DomainDef): void {
  for (const d of def.list('disk')) {
    if (d.address !== undefined) continue
    const bus = d.bus
    if (bus !== 'ide' && bus !== 'sata' && bus !== 'scsi' && bus !== 'fdc') continue
    const idx = diskNameToIndex(d.dst)
    if (idx < 0) fail('invalid-address', `unknown disk name '${d.dst ?? ''}' and no address specified`, deviceLabel(d))
    d.address = driveAddressFor(bus, idx)
  }
}

function driveAddressFor(bus: 'ide' | 'sata' | 'scsi' | 'fdc', idx: number): DriveAddress {
  switch (bus) {
    case 'ide':
      return { type: 'drive', controller: Math.floor(idx / 4), bus: Math.floor((idx % 4) / 2), target: 0, unit: idx % 2 }
    case 'sata':
      return { type: 'drive', controller: Math.floor(idx / 6), bus: 0, target: 0, unit: idx % 6 }
    case 'scsi':
      return {
        type: 'drive',
        controller: Math.floor(idx / SCSI_NARROW_UNITS),
        bus: 0,
        target: 0,
        unit: idx % SCSI_NARROW_UNITS,
      }
    case 'fdc':
      return { type: 'drive', controller: Math.floor(idx / 2), bus: 0, target: 0, unit: idx % 2 }
  }
}
