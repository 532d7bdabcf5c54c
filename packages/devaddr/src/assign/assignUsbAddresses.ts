import type { DomainDef } from '../domain/domainDef.ts'
import { workingCopy } from '../domain/workingDevice.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import type { Device } from '../model/device.ts'

const HUB_PORTS = 8
const MAX_DEPTH = 4

/** A root hub (controller) or a USB hub: a port map and the hubs plugged into it. */
interface UsbHub {
  ports: (UsbHub | 'used' | undefined)[]
}

const newHub = (n: number): UsbHub => ({ ports: Array.from({ length: n }, () => undefined) })

/** @see virDomainUSBAddressControllerModelToPorts */
function controllerPorts(c: Device): number {
  switch (c.model) {
    case undefined:
    case 'piix3-uhci':
    case 'piix4-uhci':
    case 'vt82c686b-uhci':
      return 2
    case 'ehci':
    case 'ich9-ehci1':
      return 6
    case 'ich9-uhci1':
    case 'ich9-uhci2':
    case 'ich9-uhci3':
      return 0
    case 'pci-ohci':
      return 3
    case 'nec-xhci':
    case 'qemu-xhci':
      return c.ports ?? 4
    case 'qusb1':
    case 'qusb2':
      return c.ports ?? 8
    default:
      return 0
  }
}

/**
 * The USB devices in the order libvirt visits them (hubs first), per the profile.
 * @see virDomainUSBDeviceDefForeach, virDomainDeviceInfoIterate
 */
function usbDevices(def: DomainDef, withHubs: boolean): Device[] {
  const hubs = withHubs ? def.list('hub').filter((h) => h.type === 'usb') : []
  const hostdevs = def.list('hostdev').filter((h) => h.mode === 'subsystem' && h.type === 'usb')
  const disks = def.list('disk').filter((d) => d.bus === 'usb')
  const nets = def.list('interface').filter((n) => n.model === 'usb-net')
  const ccids = def.controllers.filter((c) => c.type === 'ccid')
  const inputs = def.list('input').filter((i) => i.bus === 'usb')
  const serials = def.list('serial').filter((s) => s.targetType === 'usb-serial')
  const sounds = def.list('sound').filter((s) => s.model === 'usb')
  const redirdevs = def.list('redirdev').filter((r) => r.bus === 'usb')
  const filesystems = def.list('filesystem').filter((f) => f.type === 'mtp')
  // note: from libvirt 10.x the order is that of virDomainDeviceInfoIterate (device kinds in XML order)
  if (def.profile.usbDeviceOrder === 'generic')
    return [...hubs, ...disks, ...nets, ...sounds, ...hostdevs, ...ccids, ...serials, ...inputs, ...filesystems, ...redirdevs]
  return [...hubs, ...hostdevs, ...disks, ...nets, ...ccids, ...inputs, ...serials, ...sounds, ...redirdevs, ...filesystems]
}

const hasPort = (d: Device) => d.address?.type === 'usb' && d.address.port !== undefined && d.address.port !== ''

function parsePort(port: string, who: Device): number[] {
  const parts = port.split('.').map((p) => Number(p))
  if (parts.length > MAX_DEPTH || parts.some((p) => !Number.isInteger(p) || p < 1))
    fail('invalid-address', `USB port '${port}' is not a valid port path`, culprit(who, 'virDomainDeviceUSBAddressParsePort'))
  return parts
}

/**
 * USB ports for every USB device: hubs are added when the controllers run out of ports.
 * Runs for a new domain, or when every USB device already has an address.
 * @see qemuDomainAssignUSBAddresses
 */
export function assignUsbAddresses(def: DomainDef, newDomain: boolean): void {
  if (!newDomain && usbDevices(def, true).some((d) => !hasPort(d))) return

  const usbControllers = def.controllers.filter((c) => c.type === 'usb')
  const count = usbDevices(def, true).length
  const hasUsb = usbControllers.some((c) => c.model !== 'none')
  if (count > 0 && !hasUsb)
    fail('unsupported', 'USB is disabled for this domain (USB controller model none), but USB devices are present', {
      libvirtFunction: 'qemuDomainUSBAddressAddHubs',
    })

  // note: libvirt adds hubs before it builds the tree, counting every port of the controllers and hubs
  let available = 0
  for (const c of usbControllers) available += controllerPorts(c)
  available += def.list('hub').filter((h) => h.type === 'usb').length * HUB_PORTS
  if (count > available) {
    const needed = Math.ceil((count - available + 1) / (HUB_PORTS - 1))
    for (let i = 0; i < needed; i++) {
      const hub = workingCopy({ id: def.newId('hub', `auto${i}`), kind: 'hub', origin: 'implicit', type: 'usb' })
      def.list('hub').push(hub)
      def.trace.note(hub, `added: ${count} USB devices need more than the ${available} ports the USB controllers have`)
    }
  }

  const buses = new Map<number, UsbHub>()
  for (const c of usbControllers) {
    const n = controllerPorts(c)
    if (n === 0 || c.index === undefined) continue
    if (buses.has(c.index) && c.model !== 'ich9-ehci1')
      fail('invalid-controller', `duplicate USB controllers with index ${c.index}`, culprit(c, 'virDomainUSBAddressSetAddController'))
    buses.set(c.index, newHub(n))
  }

  const hubAt = (bus: number, path: number[], who: Device): { hub: UsbHub; port: number } => {
    const site = culprit(who, 'virDomainUSBAddressFindPort')
    const root = buses.get(bus)
    if (!root) fail('missing-bus', `USB bus ${bus} requested but no controller with that index is present`, site)
    let hub: UsbHub = root
    for (let i = 0; i < path.length - 1; i++) {
      const child: UsbHub | 'used' | undefined = hub.ports[path[i]! - 1]
      if (typeof child !== 'object') fail('missing-bus', `there is no hub at port ${path[i]} of USB bus ${bus}`, site)
      hub = child
    }
    const port = path[path.length - 1]!
    if (port > hub.ports.length) fail('invalid-address', `port ${port} out of range in USB address bus ${bus}`, site)
    return { hub, port }
  }

  const reserve = (d: Device, isHub: boolean) => {
    if (d.address?.type !== 'usb' || !d.address.port) return
    const { hub, port } = hubAt(d.address.bus, parsePort(d.address.port, d), d)
    if (hub.ports[port - 1] !== undefined)
      fail(
        'address-conflict',
        `USB address bus ${d.address.bus} port ${d.address.port} is already in use`,
        culprit(d, 'virDomainUSBAddressReserve'),
      )
    hub.ports[port - 1] = isHub ? newHub(HUB_PORTS) : 'used'
  }
  // hubs with an address first, so devices behind them find their hub
  const hubs = def.list('hub').filter((h) => h.type === 'usb')
  const addressedHubs = hubs.filter(hasPort)
  addressedHubs.sort((a, b) => portDepth(a) - portDepth(b))
  for (const h of addressedHubs) reserve(h, true)
  for (const d of usbDevices(def, false)) reserve(d, false)

  const place = (d: Device, isHub: boolean) => {
    const wantBus = d.address?.type === 'usb' ? d.address.bus : undefined
    const order = [...buses.keys()].sort((a, b) => a - b)
    for (const bus of wantBus === undefined ? order : [wantBus]) {
      const root = buses.get(bus)
      if (!root)
        fail(
          'missing-bus',
          `USB bus ${bus} requested but no controller with that index is present`,
          culprit(d, 'virDomainUSBAddressAssign'),
        )
      const path = findFreePort(root, 1)
      if (!path) continue
      let hub = root
      for (const p of path.slice(0, -1)) hub = hub.ports[p - 1] as UsbHub
      hub.ports[path[path.length - 1]! - 1] = isHub ? newHub(HUB_PORTS) : 'used'
      d.address = { type: 'usb', bus, port: path.join('.') }
      def.trace.note(
        d,
        () => `first free USB port: bus ${bus} (controller index ${bus}), port ${path.join('.')}${path.length > 1 ? ' behind a hub' : ''}`,
      )
      return
    }
    fail('no-free-slot', 'no free USB ports', culprit(d, 'virDomainUSBAddressAssign'))
  }
  for (const h of hubs) if (!hasPort(h)) place(h, true)
  for (const d of usbDevices(def, false)) if (!hasPort(d)) place(d, false)
}

const portDepth = (d: Device) => (d.address?.type === 'usb' && d.address.port ? d.address.port.split('.').length : 0)

/** Lowest free port of this hub, else depth-first into its child hubs. @see virDomainUSBAddressFindFreePort */
function findFreePort(hub: UsbHub, depth: number): number[] | undefined {
  const free = hub.ports.findIndex((p) => p === undefined)
  if (free >= 0) return [free + 1]
  if (depth >= MAX_DEPTH) return undefined
  for (let i = 0; i < hub.ports.length; i++) {
    const child = hub.ports[i]
    if (typeof child !== 'object') continue
    const sub = findFreePort(child, depth + 1)
    if (sub) return [i + 1, ...sub]
  }
  return undefined
}
