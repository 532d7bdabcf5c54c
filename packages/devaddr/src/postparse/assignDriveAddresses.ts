import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import type { DriveAddress } from '../model/address.ts'
import { driveIndexOfName, parseNvmeDiskName } from '../model/diskName.ts'

const DRIVE_RULE = {
  ide: '4 disks per controller, 2 per bus',
  sata: '6 disks per controller',
  scsi: "7 units per controller on QEMU's narrow SCSI bus",
  fdc: '2 drives per controller',
  nvme: 'the controller its nvmeXnY name gives (else 0), its namespace less one as the unit',
} as const

/** QEMU's SCSI bus is the narrow one: 7 units per controller. */
const SCSI_NARROW_UNITS = 7

/**
 * Gives a drive address to every IDE/SATA/SCSI/FDC/NVMe disk that has none, from its target name.
 * @see virDomainDiskDefAssignAddress
 */
export function assignDriveAddresses(def: DomainDef): void {
  for (const d of def.list('disk')) {
    if (d.address !== undefined) continue
    // note: libvirt reads the index from the name first, whatever the bus
    const idx = driveIndexOfName(d.dst)
    if (idx < 0)
      fail('invalid-address', `unknown disk name '${d.dst ?? ''}' and no address specified`, culprit(d, 'virDomainDiskDefAssignAddress'))
    const bus = d.bus
    if (bus !== 'ide' && bus !== 'sata' && bus !== 'scsi' && bus !== 'fdc' && bus !== 'nvme') continue
    d.address = bus === 'nvme' ? nvmeDriveAddress(d.dst, idx) : driveAddressFor(bus, idx)
    const a = d.address
    def.trace.note(
      d,
      () =>
        `drive address from its target name ${d.dst}: ${bus} controller ${a.controller}, bus ${a.bus}, unit ${a.unit} (${DRIVE_RULE[bus]})`,
    )
  }
}

/**
 * An NVMe disk is a namespace of the controller its name gives: the unit is the name's index
 * (the namespace less one for `nvmeXnY`), and a disk named otherwise (`sdb` on bus nvme, which
 * libvirt 12.8 accepts, seen live) is on controller 0.
 */
function nvmeDriveAddress(dst: string | undefined, idx: number): DriveAddress {
  return { type: 'drive', controller: parseNvmeDiskName(dst)?.controller ?? 0, bus: 0, target: 0, unit: idx }
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

/** Units a SCSI controller model has, and the one it keeps for itself. @see virDomainSCSIDriveAddressIsUsed */
function scsiUnitLimits(model: string | undefined): { max: number; reserved: number } {
  switch (model) {
    case 'virtio-scsi':
      return { max: 16383, reserved: -1 }
    case 'ibmvscsi':
      return { max: 31, reserved: 7 }
    case 'lsisas1068':
      return { max: 1, reserved: -1 }
    case 'lsisas1078':
      return { max: 255, reserved: -1 }
    case 'ncr53c90':
    case 'dc390':
    case 'am53c974':
      return { max: 6, reserved: -1 }
    case 'auto':
    case 'buslogic':
    case 'lsilogic':
    case 'vmpvscsi':
      return { max: -1, reserved: 7 }
    default:
      return { max: -1, reserved: -1 }
  }
}

const driveKey = (a: DriveAddress) => `${a.controller}:${a.bus}:${a.target}:${a.unit}`

/** Is this unit taken: by the controller's model (past its last unit, or its own), or in `used`. */
function scsiAddressUsed(def: DomainDef, used: ReadonlySet<string>, a: DriveAddress): boolean {
  const cont = def.findController('scsi', a.controller)
  if (cont) {
    const { max, reserved } = scsiUnitLimits(cont.model)
    if (max !== -1 && a.unit > max) return true
    if (reserved !== -1 && a.unit === reserved) return true
  }
  return used.has(driveKey(a))
}

/**
 * SCSI host devices without an address get the first free unit, controller by controller.
 * @see virDomainHostdevAssignAddress
 */
export function assignScsiHostdevAddresses(def: DomainDef): void {
  // note: libvirt looks through every disk and host device for each unit it tries; a set of the
  // units in use, and the first controller that may have a free one, give the same answers in
  // time linear in the devices (units are only ever taken here)
  const used = new Set<string>()
  for (const d of def.list('disk')) if (d.bus === 'scsi' && d.address?.type === 'drive') used.add(driveKey(d.address))
  for (const h of def.list('hostdev')) if (h.type === 'scsi' && h.address?.type === 'drive') used.add(driveKey(h.address))
  let firstOpen = 0
  for (const h of def.list('hostdev')) {
    if (h.mode !== 'subsystem' || h.type !== 'scsi' || h.address !== undefined) continue
    for (let controller = firstOpen; ; controller++) {
      let unit = -1
      for (let u = 0; u < SCSI_NARROW_UNITS; u++) {
        if (!scsiAddressUsed(def, used, { type: 'drive', controller, bus: 0, target: 0, unit: u })) {
          unit = u
          break
        }
      }
      if (unit >= 0) {
        h.address = { type: 'drive', controller, bus: 0, target: 0, unit }
        used.add(driveKey(h.address))
        def.trace.note(h, `first free SCSI unit: controller ${controller}, unit ${unit}`)
        break
      }
      if (controller === firstOpen) firstOpen++
    }
  }
}
