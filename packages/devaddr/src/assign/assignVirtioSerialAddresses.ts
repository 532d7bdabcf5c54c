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

  /** A channel's port: the lowest free one from 1, on the controller it names or on any. */
  const assignChannel = (d: Device) => {
    const a = d.address
    let found: SerialBus | undefined
    let p = -1
    if (a?.type === 'virtio-serial') {
      // the device names a controller: take the lowest free port there
      found = buses.find((b) => b.controller === a.controller)
      const site = culprit(d, 'virDomainVirtioSerialAddrNextFromController')
      if (!found) fail('missing-bus', `virtio-serial controller ${a.controller} is missing`, site)
      p = firstFree(found)
      if (p < 0) fail('no-free-slot', `no free port on virtio-serial controller ${a.controller}`, site)
    } else {
      for (const bus of buses) {
        p = firstFree(bus)
        if (p >= 0) {
          found = bus
          break
        }
      }
      if (!found) {
        found = addController()
        p = 1
      }
    }
    found.used.add(p)
    d.address = { type: 'virtio-serial', controller: found.controller, bus: 0, port: p }
    const [c, port] = [found.controller, p]
    def.trace.note(d, () => `lowest free port of virtio-serial controller ${c}: port ${port}`)
  }

  /**
   * A virtio console gets an address libvirt keeps nowhere (it works on a blank copy). Without
   * an address that is port 0, which libvirt never marks used (a port-0 address counts as
   * unassigned), so the console takes no port; a controller is added only when none has a port
   * at all. A virtio-serial address without a port takes the lowest free port from 1 of
   * controller 0 (the blank copy's), whatever controller it names, until libvirt 12.
   */
  const assignConsole = (d: Device) => {
    if (d.address?.type === 'virtio-serial') {
      if (!def.profile.partialConsoleAddressTakesPort) return
      const bus = buses.find((b) => b.controller === 0)
      const site = culprit(d, 'virDomainVirtioSerialAddrNextFromController')
      if (!bus) fail('missing-bus', 'virtio-serial controller 0 is missing', site)
      const p = firstFree(bus)
      if (p < 0) fail('no-free-slot', 'no free port on virtio-serial controller 0', site)
      bus.used.add(p)
      return
    }
    if (!buses.some((b) => b.ports > 0)) addController()
  }

  const addController = (): SerialBus => {
    let idx = 0
    while (def.findController('virtio-serial', idx)) idx++
    addBus(def.maybeAddController('virtio-serial', idx, undefined, 'implicit')!)
    return buses.find((b) => b.controller === idx)!
  }

  for (const c of def.list('console')) if (c.targetType === 'virtio' && !isComplete(c)) assignConsole(c)
  for (const c of def.list('channel')) if (c.targetType === 'virtio' && !isComplete(c)) assignChannel(c)
}

/** The lowest free port from 1 on, or -1 (port 0 is a virtio console's and never taken). */
function firstFree(bus: SerialBus): number {
  // note: starting past the ports known used keeps thousands of channels over full controllers linear
  let p = bus.usedBelow
  while (p < bus.ports && bus.used.has(p)) p++
  bus.usedBelow = p
  return p < bus.ports ? p : -1
}
