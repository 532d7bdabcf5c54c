import type { DomainDef } from '../domain/domainDef.ts'
import { unsetField } from '../domain/workingDevice.ts'
import type { UsbRuleMatch } from '../machine/libvirtProfile.ts'
import {
  isArm,
  isArmVirt,
  isLoongArch,
  isLoongArchVirt,
  isPpc32,
  isPpc64,
  isPSeries,
  isRiscv,
  isRiscvVirt,
  isS390,
  isX86,
} from '../machine/machineType.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'
import type { Device } from '../model/device.ts'

function usbRuleMatches(def: DomainDef, match: UsbRuleMatch): boolean {
  switch (match) {
    case 'x86':
      return isX86(def)
    case 'arm-virt':
      return isArmVirt(def)
    case 'riscv-virt':
      return isRiscvVirt(def)
    case 'arm':
      return isArm(def)
    case 'aarch64':
      return def.arch === 'aarch64'
    case 'armv7l':
      return isArm(def) && def.arch !== 'aarch64'
    case 'ppc64':
      return isPpc64(def)
    case 'ppc':
      return isPpc32(def)
    case 's390':
      return isS390(def)
    case 'loongarch64':
      return isLoongArch(def)
    case 'any':
      return true
    default:
      return match satisfies never
  }
}

/**
 * Model of a `<controller type='usb'>` without one: the profile's first rule for the machine,
 * its first candidate the QEMU has; undefined leaves QEMU's own default (no model).
 * @see qemuDomainControllerDefPostParse, qemuDomainDefaultUSBControllerModel
 */
export function defaultUsbModel(def: DomainDef, newDomain: boolean, ctrl?: Device): string | undefined {
  const rule = def.profile.usbModelRules.find((r) => usbRuleMatches(def, r.match))
  const pick = rule?.candidates.find(
    (c) => (c.cap === undefined || hasCap(def.caps, c.cap)) && (newDomain || !c.newDomainOnly) && !(c.addresslessOnly && ctrl?.address),
  )
  return pick?.model
}

/** The arch family the profile's virtio-scsi list names. */
function scsiArch(def: DomainDef): string {
  if (def.arch === 'armv6l') return 'armv7l'
  if (def.arch === 'riscv32') return 'riscv64'
  if (def.arch === 's390') return 's390x'
  return def.arch
}

/** @see qemuDomainGetSCSIControllerModel, qemuDomainDefaultSCSIControllerModel */
function defaultScsiModel(def: DomainDef): string {
  if (def.profile.scsiModelFromFirstController) {
    const first = def.controllers.find((c) => c.type === 'scsi' && c.model !== undefined && c.model !== 'auto')
    if (first?.model !== undefined) return first.model
  }
  if (isPSeries(def)) return 'ibmvscsi'
  if ((def.profile.virtioScsiArches as readonly string[]).includes(scsiArch(def))) return 'virtio-scsi'
  return hasCap(def.caps, 'lsi') ? 'lsilogic' : 'virtio-scsi'
}

/** @see qemuDomainDefaultNetModel */
function defaultNetModel(def: DomainDef): string {
  if (isS390(def) || isLoongArchVirt(def)) return 'virtio'
  if (isArm(def)) {
    if (def.machine === 'versatilepb') return 'smc91c111'
    if (isArmVirt(def)) return 'virtio'
    return 'lan9118'
  }
  if (isRiscvVirt(def)) return 'virtio'
  return 'rtl8139'
}

/** @see qemuDomainDefaultVideoDevice */
export function defaultVideoModel(def: DomainDef): string {
  if (isPpc64(def)) return 'vga'
  if (isArm(def) || isRiscv(def) || isS390(def) || isLoongArchVirt(def)) return 'virtio'
  return 'cirrus'
}

/** Disk bus implied by the target name when `<target bus>` is absent. @see virDomainDiskDefParseXML */
function busFromDiskName(d: Device): string | undefined {
  if (d.diskDevice === 'floppy') return 'fdc'
  const dst = d.dst ?? ''
  if (dst.startsWith('hd')) return 'ide'
  if (dst.startsWith('sd')) return 'scsi'
  if (dst.startsWith('vd')) return 'virtio'
  if (dst.startsWith('xvd')) return 'xen'
  if (dst.startsWith('ubd')) return 'uml'
  return undefined
}

/**
 * Per-device defaults that address assignment depends on: controller, NIC and video models,
 * disk buses, serial target types.
 * @see qemuDomainDeviceDefPostParse
 */
export function applyDeviceDefaults(def: DomainDef, newDomain: boolean): void {
  for (const d of def.iterate()) applyOne(def, d, newDomain)
}

export function applyOne(def: DomainDef, d: Device, newDomain: boolean): void {
  switch (d.kind) {
    case 'controller':
      // note: model='auto' asks for the default SCSI model, as an absent one does (libvirt 10.x)
      if (d.type === 'scsi' && d.model === 'auto') unsetField(d, 'model')
      if (d.model !== undefined) return
      if (d.type === 'usb') {
        const m = defaultUsbModel(def, newDomain, d)
        if (m) d.model = m
      } else if (d.type === 'scsi') d.model = defaultScsiModel(def)
      return
    case 'interface':
      if (d.model === undefined && d.type !== 'hostdev') d.model = defaultNetModel(def)
      return
    case 'video':
      if (d.model === undefined) d.model = defaultVideoModel(def)
      return
    case 'panic':
      if (d.model === undefined && isArmVirt(def) && def.profile.armVirtPanicPvpanic) d.model = 'pvpanic'
      return
    case 'disk':
      if (d.bus === undefined) {
        const bus = busFromDiskName(d)
        if (bus) d.bus = bus
      }
      return
    case 'serial':
      // note: pSeries has no ISA bus; libvirt turns an isa-serial into its VIO console
      if (d.targetType === 'isa-serial' && isPSeries(def)) d.targetType = 'spapr-vio-serial'
      if (d.targetType === undefined) {
        const t = defaultSerialTargetType(def)
        if (t) d.targetType = t
      }
      return
    default:
      return
  }
}

function defaultSerialTargetType(def: DomainDef): string | undefined {
  if (isX86(def)) return 'isa-serial'
  if (isPSeries(def)) return 'spapr-vio-serial'
  if (isArmVirt(def) || isRiscvVirt(def) || isLoongArchVirt(def)) return 'system-serial'
  if (isS390(def)) return 'sclp-serial'
  return undefined
}
