import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'
import type { DriveAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import { diskNameToIndex, parseNvmeDiskName } from '../model/diskName.ts'
import { diskBuses, NVME } from './libvirtEnums.ts'

/** Target name prefixes of a disk or LUN; a floppy's is `fd`. @see virDomainDiskDefValidate */
const DISK_NAME_PREFIXES = ['hd', 'sd', 'vd', 'xvd', 'ubd']
/** …and from libvirt 11.5 `nvme`, on any bus (seen live on 12.8: `nvme0n2` on SATA is unit 1) */
const DISK_NAME_PREFIXES_NVME = [...DISK_NAME_PREFIXES, NVME]
/** What libvirt's disk name parser takes: a prefix, letters, and digits only for a partition. @see virDiskNameParse */
const DISK_NAME = /^(?:fd|hd|vd|sd|xvd|ubd)[a-z]+([0-9]*)$/
const INT_MAX = 0x7fffffff
/** What a disk `<serial>` may hold: QEMU gets it inside a `-device` option. @see qemuValidateDomainDeviceDefDiskSerial */
const SAFE_SERIAL = /^[A-Za-z0-9_ .+-]*$/

/**
 * The most controllers of one type a domain can hold: every SCSI or SATA controller is a PCI
 * device of its own, and a PCI domain has 256 buses of 32 slots. libvirt adds every controller
 * up to the highest index a drive address names, then fails to give them slots; devaddr refuses
 * such an index before adding any.
 */
export const DRIVE_CONTROLLERS_MAX = 256 * 32

/**
 * Disk rules libvirt checks while validating: a target name of the device's kind, a serial of
 * safe characters, and drive addresses the bus can hold (one IDE and one FDC controller, one bus
 * per SCSI and SATA controller, target 0 on IDE, FDC and SATA). Runs once drive
 * addresses are assigned and before the controllers they name are added, so that no work
 * grows with a controller number.
 * @see virDomainDiskDefValidate, qemuValidateDomainDeviceDefDisk, qemuValidateDomainDeviceDefAddressDrive
 */
export function validateDisks(def: DomainDef): void {
  const nvme = def.profile.nvmeDisks
  for (const d of def.list('disk')) {
    checkTargetName(d, nvme)
    if (d.serial !== undefined && !SAFE_SERIAL.test(d.serial))
      fail(
        'unsupported',
        `disk serial '${d.serial}' holds a character libvirt does not pass to QEMU: only letters, digits, space and - _ . +`,
        culprit(d, 'qemuValidateDomainDeviceDefDiskSerial'),
      )
    if (d.address?.type === 'drive') checkDriveAddress(d, d.bus, d.address)
    checkMedium(d)
    checkFrontend(d, def)
  }
  checkDuplicateTargets(def.list('disk'))
  for (const h of def.list('hostdev')) if (h.type === 'scsi' && h.address?.type === 'drive') checkDriveAddress(h, 'scsi', h.address)
  // note: libvirt checks a drive address on any other device as a SCSI one (it expects only SCSI
  // host devices there); no controller is added for it, so its controller number is not limited
  for (const d of def.iterate()) {
    const a = d.address
    if (d.kind === 'disk' || (d.kind === 'hostdev' && d.type === 'scsi') || a?.type !== 'drive' || a.bus === 0) continue
    fail(
      'invalid-address',
      `${driveWords(a)}: a drive address on a ${d.kind} is checked as a SCSI one, and a SCSI controller has a single bus, bus 0`,
      culprit(d, 'qemuValidateDomainDeviceDefAddressDrive'),
    )
  }
}

/**
 * A disk bus libvirt knows: checked while the XML is parsed, so before any post-parse step
 * (the drive address a disk's name gives) can fail on it.
 * @see virDomainDiskDefParseXML
 */
export function validateDiskBuses(def: DomainDef): void {
  const buses = diskBuses(def.profile.nvmeDisks)
  for (const d of def.list('disk'))
    if (d.bus !== undefined && !buses.includes(d.bus))
      fail('unsupported', `disk bus '${d.bus}' is not one libvirt knows (${buses.join(', ')})`, culprit(d, 'virDomainDiskDefParseXML'))
}

function checkTargetName(d: Device, nvme: boolean): void {
  const dst = d.dst
  if (dst === undefined) return
  const device = d.diskDevice ?? 'disk'
  const prefixes = nvme ? DISK_NAME_PREFIXES_NVME : DISK_NAME_PREFIXES
  if ((device === 'disk' || device === 'lun') && !prefixes.some((p) => dst.startsWith(p)))
    fail(
      'invalid-address',
      `target dev='${dst}' is not a disk name: it must start with ${prefixes.join(', ')}`,
      culprit(d, 'virDomainDiskDefValidate'),
    )
  if (device === 'floppy' && !dst.startsWith('fd'))
    fail('invalid-address', `target dev='${dst}' is not a floppy name: it must start with fd`, culprit(d, 'virDomainDiskDefValidate'))
  // note: an NVMe name has digits of its own; libvirt 12.8 does not refuse a partition on it
  // (seen live: nvme0n1p1 is namespace 1)
  if (nvme && parseNvmeDiskName(dst) !== undefined) return
  const parsed = DISK_NAME.exec(dst)
  if (parsed === null || diskNameToIndex(dst) > INT_MAX)
    fail(
      'invalid-address',
      `target dev='${dst}' is not a disk name (a prefix, then letters a-z)`,
      culprit(d, 'qemuValidateDomainDeviceDefDisk'),
    )
  if (parsed[1] !== '')
    fail('invalid-address', `target dev='${dst}' names a partition; a disk target cannot`, culprit(d, 'qemuValidateDomainDeviceDefDisk'))
}

/**
 * What a disk's source must be for its device: a cdrom or a floppy may be empty (no medium
 * inserted), a disk may not; a lun passes a host's SCSI device through, so its source is a
 * block device, a storage pool volume or an iSCSI LUN, never a file.
 * @see virDomainDiskDefValidate, virDomainDiskDefSourceLUNValidate
 */
function checkMedium(d: Device): void {
  const device = d.diskDevice ?? 'disk'
  const dst = d.dst ?? ''
  if (device === 'disk' && d.emptyMedium === true)
    fail(
      'unsupported',
      `target dev='${dst}': a disk needs a <source> naming its medium (only a cdrom or a floppy may be empty)`,
      culprit(d, 'virDomainDiskDefValidate'),
    )
  // note: the disk type is file when the XML names none
  const type = d.type ?? 'file'
  if (device === 'lun' && (type === 'file' || type === 'dir' || (type === 'block' && d.emptyMedium === true)))
    fail(
      'unsupported',
      `target dev='${dst}': a lun needs a block device as its source (<disk type='block'> with <source dev>), a volume or an iSCSI LUN`,
      culprit(d, 'virDomainDiskDefSourceLUNValidate'),
    )
}

/**
 * Which buses take which disk devices: a floppy only the floppy controller, which takes nothing
 * else; a cdrom any bus with ejectable media (not virtio-blk or an SD card); a lun a bus that
 * passes SCSI commands through (scsi, or virtio where the QEMU still has virtio-blk SCSI).
 * @see virDomainDiskDefValidate, qemuValidateDomainDeviceDefDiskFrontend, qemuValidateDomainDeviceDefDisk
 */
function checkFrontend(d: Device, def: DomainDef): void {
  const device = d.diskDevice ?? 'disk'
  const bus = d.bus
  const dst = d.dst ?? ''
  if (bus === undefined) return
  if (device === 'floppy' && bus !== 'fdc')
    fail('unsupported', `target dev='${dst}': a floppy goes on bus 'fdc' only, not '${bus}'`, culprit(d, 'virDomainDiskDefValidate'))
  if (device !== 'floppy' && bus === 'fdc')
    fail('unsupported', `target dev='${dst}': bus 'fdc' takes only a floppy, not a ${device}`, culprit(d, 'virDomainDiskDefValidate'))
  if (device === 'cdrom' && (bus === 'virtio' || bus === 'sd'))
    fail(
      'unsupported',
      `target dev='${dst}': a cdrom needs ejectable media, which bus '${bus}' does not have (sata, ide, scsi and usb do)`,
      culprit(d, 'qemuValidateDomainDeviceDefDiskFrontend'),
    )
  if (device === 'lun' && bus !== 'scsi' && bus !== 'virtio')
    fail(
      'unsupported',
      `target dev='${dst}': a lun passes SCSI commands through, which bus '${bus}' cannot (scsi and virtio can)`,
      culprit(d, 'qemuValidateDomainDeviceDefDiskFrontend'),
    )
  if (device === 'disk' && d.readOnly === true && (bus === 'ide' || bus === 'sata'))
    fail(
      'unsupported',
      `target dev='${dst}': a disk on bus '${bus}' cannot be read-only (a cdrom there can; or put the disk on virtio or scsi)`,
      culprit(d, 'qemuValidateDomainDeviceDefDiskFrontend'),
    )
  if (device === 'lun' && bus === 'virtio' && !hasCap(def.caps, 'virtio-blk-scsi'))
    fail(
      'unsupported',
      `target dev='${dst}': QEMU ${def.qemu} has no SCSI passthrough in virtio-blk (dropped in QEMU 9.1): put the lun on bus 'scsi'`,
      culprit(d, 'qemuValidateDomainDeviceDefDisk'),
    )
}

/** Two disks may not have one target name. @see virDomainDefDuplicateDiskInfoValidate */
function checkDuplicateTargets(disks: readonly Device[]): void {
  const seen = new Set<string>()
  for (const d of disks) {
    if (d.dst === undefined) continue
    if (seen.has(d.dst))
      fail(
        'address-conflict',
        `target dev='${d.dst}' is the target of another disk too`,
        culprit(d, 'virDomainDefDuplicateDiskInfoValidate'),
      )
    seen.add(d.dst)
  }
}

/** `drive address controller=0 bus=0 target=0 unit=1`: how a refusal names a drive address. */
const driveWords = (a: DriveAddress): string => `drive address controller=${a.controller} bus=${a.bus} target=${a.target} unit=${a.unit}`

/** Refuses a drive address the bus cannot hold (words and site made only then: the checks run for every drive address). */
const refuseDrive = (d: Device, a: DriveAddress, why: string): never =>
  fail('invalid-address', `${driveWords(a)}: ${why}`, culprit(d, 'qemuValidateDomainDeviceDefAddressDrive'))

function checkDriveAddress(d: Device, bus: string | undefined, a: DriveAddress): void {
  switch (bus) {
    case 'scsi': {
      if (a.bus !== 0) refuseDrive(d, a, 'a SCSI controller has a single bus, bus 0')
      break
    }
    case 'ide':
      if (a.controller !== 0) refuseDrive(d, a, 'QEMU has a single IDE controller, controller 0')
      if (a.target !== 0) refuseDrive(d, a, 'target must be 0 on an IDE controller')
      break
    case 'fdc':
      if (a.controller !== 0) refuseDrive(d, a, 'QEMU has a single floppy controller, controller 0')
      if (a.bus !== 0) refuseDrive(d, a, 'the floppy controller has a single bus, bus 0')
      if (a.target !== 0) refuseDrive(d, a, 'target must be 0 on the floppy controller')
      break
    case 'sata':
      if (a.bus !== 0) refuseDrive(d, a, 'bus must be 0 on a SATA controller')
      if (a.target !== 0) refuseDrive(d, a, 'target must be 0 on a SATA controller')
      break
    case 'nvme':
      // note: libvirt 12.8 checks no part of an NVMe drive address (seen live: bus 1, target 1
      // and unit 40 are defined as written); only the controller count is bounded here
      break
    default:
      return
  }
  if (a.controller >= DRIVE_CONTROLLERS_MAX)
    fail(
      'no-free-slot',
      `${driveWords(a)}: controller ${a.controller} needs ${bus} controllers 0 to ${a.controller}, more than the ${DRIVE_CONTROLLERS_MAX} PCI slots a domain has (256 buses of 32 slots)`,
      culprit(d, 'virDomainPCIAddressGetNextAddr'),
    )
}
