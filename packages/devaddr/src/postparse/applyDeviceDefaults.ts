import type { DomainDef } from '../domain/domainDef.ts'
import {
  isArm,
  isArmVirt,
  isPSeries,
  isPpc64,
  isRiscv,
  isRiscvVirt,
  isS390,
  isX86,
} from '../machine/machineType.ts'
import type { Device } from '../model/device.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'

/** Model of an explicit `<controller type='usb'>` without one. @see qemuDomainControllerDefPostParse */
function defaultUsbModel(def: DomainDef, newDomain: boolean): string | undefined {
  // note: without piix3-usb-uhci libvirt leaves the model unset (QEMU's -usb default)
  if (isX86(def)) return hasCap(def.caps, 'piix3-usb-uhci') ? 'piix3-uhci' : undefined
  if (isArmVirt(def) || isRiscvVirt(def)) return 'qemu-xhci'
  if (isArm(def)) return 'pci-ohci'
  if (isPpc64(def)) return newDomain ? 'qemu-xhci' : 'pci-ohci'
  if (isS390(def)) return 'none'
  return undefined
}

/** @see qemuDomainGetSCSIControllerModel */
function defaultScsiModel(def: DomainDef): string {
  if (isPSeries(def)) return 'ibmvscsi'
  if (isArm(def) && def.profile.lsiOnArm) return 'lsilogic'
  if (isS390(def) || isArm(def) || isRiscv(def)) return 'virtio-scsi'
  return 'lsilogic'
}

/** @see qemuDomainDefaultNetModel */
function defaultNetModel(def: DomainDef): string {
  if (isS390(def)) return 'virtio'
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
  if (isArm(def) || isRiscv(def) || isS390(def)) return 'virtio'
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
      if (d.model !== undefined) return
      if (d.type === 'usb') {
        const m = defaultUsbModel(def, newDomain)
        if (m) d.model = m
      } else if (d.type === 'scsi') d.model = defaultScsiModel(def)
      return
    case 'interface':
      if (d.model === undefined && d.type !== 'hostdev') d.model = defaultNetModel(def)
      return
    case 'video':
      if (d.model === undefined) d.model = defaultVideoModel(def)
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
  if (isArmVirt(def) || isRiscvVirt(def)) return 'system-serial'
  if (isS390(def)) return 'sclp-serial'
  return undefined
}
