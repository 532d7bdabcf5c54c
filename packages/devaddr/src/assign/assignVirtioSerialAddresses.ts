import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import type { Device } from '../model/device.ts'

const DEFAULT_PORTS = 31

interface SerialBus {
  controller: number
  ports: number
  used: Set<number>
  /** ports 1 up to (not including) this one are all used: ports are never freed */
  usedBelow: number
}

const isComplete = (d: Device) => d.address?.type === 'virtio-serial' && d.address.port !== 0

/**
 * Ports on virtio-serial controllers for virtio consoles and channels; a controller is
 * added when every port is taken.
 * @see qemuDomainAssignVirtioSerialAddresses, virDomainVirtioSerialAddrSetCreateFromDomain
 */
export function assignVirtioSerialAddresses(def: DomainDef): void {
  const buses: SerialBus[] = []
  const addBus = (c: Device) => {
    buses.push({ controller: c.index ?? 0, ports: c.ports ?? DEFAULT_PORTS, used: new Set(), usedBelow: 1 })
    buses.sort((a, b) => a.controller - b.controller)
  }
  for (const c of def.controllers) if (c.type === 'virtio-serial') addBus(c)

  for (const d of def.iterate()) {
    if (!isComplete(d) || d.address?.type !== 'virtio-serial') continue
    const a = d.address
    const bus = buses.find((b) => b.controller === a.controller)
    const site = culprit(d, 'virDomainVirtioSerialAddrReserve')
    if (!bus) fail('missing-bus', `virtio-serial controller ${a.controller} is missing`, site)
    if (a.port >= bus.ports) fail('invalid-address', `virtio-serial controller ${a.controller} does not have port ${a.port}`, site)
    if (bus.used.has(a.port))
      fail('address-conflict', `virtio-serial port ${a.port} on controller ${a.controller} is already occupied`, site)
    bus.used.add(a.port)
  }

  const assign = (d: Device, allowZero: boolean, write: boolean) => {
    const a = d.address
    let controller: number
    let port: number
    if (a?.type === 'virtio-serial') {
      // the device names a controller: take the lowest free port there
      const bus = buses.find((b) => b.controller === a.controller)
      const site = culprit(d, 'virDomainVirtioSerialAddrNextFromController')
      if (!bus) fail('missing-bus', `virtio-serial controller ${a.controller} is missing`, site)
      const p = firstFree(bus, 1)
      if (p < 0) fail('no-free-slot', `no free port on virtio-serial controller ${a.controller}`, site)
      controller = bus.controller
      port = p
      bus.used.add(p)
    } else {
      let found: SerialBus | undefined
      let p = -1
      for (const bus of buses) {
        p = firstFree(bus, allowZero ? 0 : 1)
        if (p >= 0) {
          found = bus
          break
        }
      }
      if (!found) {
        let idx = 0
        while (def.findController('virtio-serial', idx)) idx++
        const c = def.maybeAddController('virtio-serial', idx, undefined, 'implicit')!
        addBus(c)
        found = buses.find((b) => b.controller === idx)!
        p = allowZero ? 0 : 1
      }
      found.used.add(p)
      controller = found.controller
      port = p
    }
    if (write) {
      d.address = { type: 'virtio-serial', controller, bus: 0, port }
      const [c, p] = [controller, port]
      def.trace.note(d, () => `lowest free port of virtio-serial controller ${c}: port ${p}`)
    }
  }

  // note: libvirt reserves a port for a virtio console but does not record it in the XML
  for (const c of def.list('console')) if (c.targetType === 'virtio' && !isComplete(c)) assign(c, true, false)
  for (const c of def.list('channel')) if (c.targetType === 'virtio' && !isComplete(c)) assign(c, false, true)
}

/** The lowest free port from `from` (0 or 1) on, or -1. */
function firstFree(bus: SerialBus, from: number): number {
  if (from === 0 && bus.ports > 0 && !bus.used.has(0)) return 0
  // note: starting past the ports known used keeps thousands of channels over full controllers linear
  let p = bus.usedBelow
  while (p < bus.ports && bus.used.has(p)) p++
  bus.usedBelow = p
  return p < bus.ports ? p : -1
}
