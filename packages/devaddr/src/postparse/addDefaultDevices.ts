import type { DomainDef } from '../domain/domainDef.ts'
import { workingCopy } from '../domain/workingDevice.ts'
import { fail } from '../failure.ts'
import {
  isArm,
  isArmVirt,
  isI440fx,
  isLoongArch,
  isPpc32,
  isPpc64,
  isPSeries,
  isQ35,
  isRiscvVirt,
  isS390,
  isX86,
} from '../machine/machineType.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'
import { defaultUsbModel } from './applyDeviceDefaults.ts'
import { needsIommuWithEim } from './manyVcpusIommu.ts'

/**
 * Adds a USB controller, with its UHCI companions when the master is ich9-ehci1.
 * @see virDomainDefAddUSBController
 */
function addUsbController(def: DomainDef, index: number, model: string | undefined): void {
  def.addController(
    workingCopy({
      id: def.newId('controller', `usb${index}`),
      kind: 'controller',
      origin: 'default',
      type: 'usb',
      index,
      ...(model ? { model } : {}),
    }),
  )
  if (model !== 'ich9-ehci1') return
  ;[
    ['ich9-uhci1', 0],
    ['ich9-uhci2', 2],
    ['ich9-uhci3', 4],
  ].forEach(([m, startport]) =>
    def.addController(
      workingCopy({
        id: def.newId('controller', `usb${index}-${m as string}`),
        kind: 'controller',
        origin: 'default',
        type: 'usb',
        index,
        model: m as string,
        masterStartport: startport as number,
      }),
    ),
  )
}

function maybeAddInput(def: DomainDef, type: string, bus: string): void {
  const inputs = def.list('input')
  if (inputs.some((i) => i.type === type && (i.bus ?? defaultInputBus(def)) === bus)) return
  inputs.push(workingCopy({ id: def.newId('input', `${bus}-${type}`), kind: 'input', origin: 'default', type, bus }))
}

function defaultInputBus(def: DomainDef): string {
  return isX86(def) ? 'ps2' : 'usb'
}

/**
 * The devices every domain of a machine type has: root PCI controller, default USB controller,
 * q35's SATA controller, the memballoon, PS/2 inputs, q35's iTCO watchdog, pSeries panic…
 * @see qemuDomainDefAddDefaultDevices
 */
export function addDefaultDevices(def: DomainDef, newDomain: boolean): void {
  let addDefaultUsb = false
  let usbModel: string | undefined
  /** i440fx keeps QEMU's implicit -usb controller even when no model can be named */
  let usbWithoutModel = false
  let addSata = false
  let addPciRoot = false
  let addPcieRoot = false
  let addMemballoon = false
  let addUsbKbd = false
  let addUsbMouse = false
  let addPanic = false
  let addItco = false
  let addIommu = false

  if (isX86(def) && (isI440fx(def) || isQ35(def))) {
    // implicit i8042 PS/2 devices
    maybeAddInput(def, 'mouse', 'ps2')
    maybeAddInput(def, 'keyboard', 'ps2')
  }

  if (isX86(def)) {
    if (def.machine !== 'isapc' && def.machine !== 'microvm') {
      addMemballoon = true
      addDefaultUsb = true
      if (isQ35(def)) {
        addPcieRoot = true
        addSata = true
        addItco = def.profile.implicitItcoWatchdog
        // note: from libvirt 10.10; earlier releases refuse the guest instead (validatePlatform)
        if (def.profile.iommuForManyVcpus && needsIommuWithEim(def)) addIommu = true
        usbModel = hasCap(def.caps, 'qemu-xhci')
          ? 'qemu-xhci'
          : hasCap(def.caps, 'nec-usb-xhci')
            ? 'nec-xhci'
            : hasCap(def.caps, 'ich9-usb-ehci1')
              ? 'ich9-ehci1'
              : undefined
      }
      if (isI440fx(def)) {
        addPciRoot = true
        usbModel = hasCap(def.caps, 'piix3-usb-uhci') ? 'piix3-uhci' : undefined
        usbWithoutModel = true
      }
    }
  } else if (isArm(def)) {
    // note: the two ARM boards that historically had -usb also have a PCI bus
    if (def.machine === 'versatilepb' || def.machine.startsWith('realview-eb')) addPciRoot = true
    if (def.profile.implicitUsbMachines.some((m) => def.machine === m || def.machine.startsWith(`${m}-`))) {
      addDefaultUsb = true
      usbModel = 'pci-ohci'
    }
    if (isArmVirt(def)) addPcieRoot = true
  } else if (isPpc64(def)) {
    addPciRoot = true
    addDefaultUsb = true
    addUsbKbd = true
    addUsbMouse = true
    addMemballoon = true
    usbModel = newDomain ? 'qemu-xhci' : 'pci-ohci'
    if (isPSeries(def)) addPanic = true
  } else if (isPpc32(def)) {
    addPciRoot = true
    addDefaultUsb = true
    addMemballoon = true
    usbModel = defaultUsbModel(def, newDomain)
    usbWithoutModel = true
  } else if (isLoongArch(def)) {
    if (!def.profile.loongarch)
      fail('unsupported', `libvirt ${def.profile.version} does not support loongarch64 guests (libvirt 10.x added them)`, {
        libvirtFunction: 'qemuDomainDefAddDefaultDevices',
      })
    addPcieRoot = true
  } else if (isRiscvVirt(def)) {
    addPcieRoot = true
    // note: libvirt 9.9 still gives RISC-V guests a balloon; later releases dropped it
    addMemballoon = true
  } else if (isS390(def)) {
    addMemballoon = true
    addPanic = true
    addPciRoot = true // zPCI is in every current QEMU
  }

  if (addDefaultUsb && (usbModel || usbWithoutModel) && !def.findController('usb', 0)) {
    addUsbController(def, 0, usbModel)
    for (const c of def.controllers)
      if (c.type === 'usb' && c.origin === 'default')
        def.trace.note(c, `default USB controller of machine '${def.machine}' (${usbModel ?? 'QEMU default'})`)
  }
  if (addSata) {
    const sata = def.maybeAddController('sata', 0, undefined, 'default')
    if (sata) def.trace.note(sata, 'q35 always has a SATA controller (part of the ICH9 chipset)')
  }

  const root = def.findController('pci', 0)
  const wantRoot = addPciRoot ? 'pci-root' : addPcieRoot ? 'pcie-root' : undefined
  if (wantRoot) {
    if (root) {
      if (root.model !== wantRoot)
        fail(
          'invalid-controller',
          `the PCI controller with index='0' must be model='${wantRoot}' for machine type '${def.machine}', but model='${root.model ?? ''}' was found instead`,
          // note: worded as it always was, before deviceLabel named controllers this way
          { libvirtFunction: 'qemuDomainDefAddDefaultDevices', device: root, label: 'controller pci index 0' },
        )
    } else {
      const root = workingCopy({
        id: def.newId('controller', 'pci0'),
        kind: 'controller',
        origin: 'default',
        type: 'pci',
        index: 0,
        model: wantRoot,
      })
      def.addController(root)
      def.trace.note(root, `the root bus of machine '${def.machine}'`)
    }
  }

  if (addMemballoon && def.list('memballoon').length === 0) {
    const balloon = workingCopy({ id: def.newId('memballoon', 'default'), kind: 'memballoon', origin: 'default', model: 'virtio' })
    def.list('memballoon').push(balloon)
    def.trace.note(balloon, 'libvirt adds a virtio memory balloon unless the domain has <memballoon model="none"/>')
  }

  const hasGraphics = def.list('graphics').length > 0
  if (addUsbMouse && def.list('input').some((i) => i.type === 'tablet' && i.bus === 'usb')) addUsbMouse = false
  if (addUsbKbd && hasGraphics) maybeAddInput(def, 'keyboard', 'usb')
  if (addUsbMouse && hasGraphics) maybeAddInput(def, 'mouse', 'usb')

  if (addPanic) {
    const defaultModel = isPSeries(def) ? 'pseries' : isS390(def) ? 's390' : 'isa'
    const panics = def.list('panic')
    if (!panics.some((p) => p.model === undefined || p.model === defaultModel))
      panics.push(workingCopy({ id: def.newId('panic', 'default'), kind: 'panic', origin: 'default' }))
  }

  if (addItco) {
    const watchdogs = def.list('watchdog')
    // note: the chipset's watchdog acts as the first one written does (seen live on 11.3 and 12.8)
    const action = watchdogs[0]?.action
    if (!watchdogs.some((w) => w.model === 'itco'))
      watchdogs.push(
        workingCopy({
          id: def.newId('watchdog', 'itco'),
          kind: 'watchdog',
          origin: 'default',
          model: 'itco',
          ...(action ? { action } : {}),
        }),
      )
  }

  if (addIommu && def.list('iommu').length === 0)
    def
      .list('iommu')
      .push(workingCopy({ id: def.newId('iommu', 'intel'), kind: 'iommu', origin: 'default', model: 'intel', intremap: 'on', eim: 'on' }))
}
