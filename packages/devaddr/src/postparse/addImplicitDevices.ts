import type { DomainDef } from '../domain/domainDef.ts'
import { workingCopy } from '../domain/workingDevice.ts'
import type { Device } from '../model/device.ts'
import { DRIVE_CONTROLLERS_MAX } from '../validate/validateDisks.ts'
import { applyOne, defaultVideoModel } from './applyDeviceDefaults.ts'

function addControllersUpTo(def: DomainDef, type: string, max: number, newDomain: boolean, model?: string): void {
  for (let i = 0; i <= max; i++) {
    const c = def.maybeAddController(type, i, model, 'implicit')
    if (!c) continue
    applyOne(def, c, newDomain)
    def.trace.note(
      c,
      `added because a device's drive address names ${type} controller ${i}${i < max ? ' (controllers up to the highest one named are added)' : ''}`,
    )
  }
}

/** @see virDomainDefAddDiskControllersForType */
function addDiskControllers(def: DomainDef, type: string, bus: string, newDomain: boolean): void {
  let max = -1
  for (const d of def.list('disk')) {
    if (d.bus !== bus || d.address?.type !== 'drive') continue
    max = Math.max(max, d.address.controller)
  }
  addControllersUpTo(def, type, max, newDomain)
}

const isVirtioChr = (d: Device) => d.targetType === 'virtio'

/**
 * Controllers that devices imply (a SATA controller for a SATA disk, a virtio-serial controller
 * for a virtio channel, a CCID controller for a smartcard…), the console/serial mirror and
 * the video card a graphics device implies.
 * @see virDomainDefAddImplicitDevices
 */
export function addImplicitDevices(def: DomainDef, newDomain: boolean): void {
  const mirror = addConsoleCompat(def)
  if (mirror) applyOne(def, mirror, newDomain)

  addDiskControllers(def, 'scsi', 'scsi', newDomain)
  addDiskControllers(def, 'fdc', 'fdc', newDomain)
  addDiskControllers(def, 'ide', 'ide', newDomain)
  addDiskControllers(def, 'sata', 'sata', newDomain)
  // note: NVMe controllers last, as the type is last in virDomainControllerType
  if (def.profile.nvmeDisks) addDiskControllers(def, 'nvme', 'nvme', newDomain)

  // virtio-serial controllers for virtio channels and consoles
  for (const chr of [...def.list('channel'), ...def.list('console')]) {
    if (!isVirtioChr(chr)) continue
    const idx = chr.address?.type === 'virtio-serial' ? chr.address.controller : 0
    const c = def.maybeAddController('virtio-serial', idx, undefined, 'implicit')
    if (c)
      def.trace.note(c, `added because virtio ${chr.kind} ${chr.targetName ?? ''} needs virtio-serial controller ${idx}`.replace('  ', ' '))
  }

  // CCID controllers and slots for smartcards
  const cards = def.list('smartcard')
  // note: a card without an address takes the slot after the highest on CCID controller 0,
  // counting the cards already given one: a running maximum gives the same as a scan per card
  let maxSlot = -1
  for (const other of cards)
    if (other.address?.type === 'ccid' && other.address.controller === 0) maxSlot = Math.max(maxSlot, other.address.slot)
  for (const card of cards) {
    let idx = 0
    if (card.address?.type === 'ccid') idx = card.address.controller
    else if (card.address === undefined) {
      card.address = { type: 'ccid', controller: 0, slot: ++maxSlot }
    }
    const ccid = def.maybeAddController('ccid', idx, undefined, 'implicit')
    if (ccid) def.trace.note(ccid, `added because a smartcard needs CCID controller ${idx}`)
  }

  // note: again, now that every SCSI host device has its drive address: those past the units of
  // controller 0 name further controllers (libvirt calls this from both places too)
  addHostdevScsiControllers(def, newDomain)

  // a graphics device without a video card gets the default one
  if (def.list('graphics').length > 0 && def.list('video').length === 0)
    def
      .list('video')
      .push(workingCopy({ id: def.newId('video', 'implicit'), kind: 'video', origin: 'implicit', model: defaultVideoModel(def) }))
}

/**
 * The SCSI controllers SCSI host devices name, added while the XML is parsed: right after the
 * input's own controllers (before the driver's implicit USB/SATA/PCI controllers, and before
 * controllers written without an index are numbered), so they also take their PCI slots first.
 * New ones copy the model of the controller the last hostdev sits on, so all match.
 * @see virDomainDefMaybeAddHostdevSCSIcontroller
 */
export function addHostdevScsiControllers(def: DomainDef, newDomain: boolean): void {
  let maxScsi = -1
  let model: string | undefined
  for (const h of def.list('hostdev')) {
    if (h.mode !== 'subsystem' || h.type !== 'scsi') continue
    // note: while libvirt parses, a host device without an address reads as controller 0 (its
    // address is still all zeroes): that controller is added for it here
    const controller = h.address?.type === 'drive' ? h.address.controller : h.address === undefined ? 0 : -1
    if (controller <= maxScsi) continue
    maxScsi = controller
    model = def.findController('scsi', maxScsi)?.model ?? model
  }
  // note: an index past what a PCI domain can hold is refused later (validateDisks), before
  // anything is added for it: adding that many controllers first would take minutes
  if (maxScsi >= DRIVE_CONTROLLERS_MAX) return
  addControllersUpTo(def, 'scsi', maxScsi, newDomain, model)
}

/**
 * The first serial port doubles as the first console, as libvirt records it.
 * @see virDomainDefAddConsoleCompat
 */
function addConsoleCompat(def: DomainDef): Device | undefined {
  const serials = def.list('serial')
  const consoles = def.list('console')
  const first = consoles[0]
  if (first && (first.targetType === undefined || first.targetType === 'serial') && serials.length === 0) {
    first.targetType = 'serial'
    const serial = workingCopy({
      id: def.newId('serial', 'mirror'),
      kind: 'serial',
      origin: 'implicit',
      ...(first.type ? { type: first.type } : {}),
    })
    serials.push(serial)
    return serial
  }
  const s = serials[0]
  // note: only a platform serial port doubles as the console; PCI, USB and debug ports do not
  const platformSerial = s && s.targetType !== 'pci-serial' && s.targetType !== 'usb-serial' && s.targetType !== 'isa-debug'
  if (s && platformSerial && consoles.length === 0) {
    consoles.unshift(
      workingCopy({
        id: def.newId('console', 'mirror'),
        kind: 'console',
        origin: 'implicit',
        targetType: 'serial',
        ...(s.type ? { type: s.type } : {}),
      }),
    )
  }
  return undefined
}
