import type { DomainDef } from '../domain/domainDef.ts'
import { deviceLabel } from '../model/device.ts'
import type { EffectivePolicy } from './effectivePolicy.ts'

/**
 * Turns hotplug off on root ports, as the policy or a device asks: on every occupied port,
 * or on ports holding something other than a NIC (the guest cannot eject its disks), or on
 * the port of a device with `hotplug: 'off'`. Empty ports stay hotpluggable: they exist to
 * take hotplugged devices. Ports with an explicit setting keep it.
 */
export function setRootPortHotplug(def: DomainDef, policy: EffectivePolicy): void {
  const devices = def.iterate()
  // note: libvirt's own policy turns hotplug off only where a device asks: most domains have none
  if (policy.rootPortHotplug === 'on' && !devices.some((d) => d.hotplug === 'off')) return
  const occupant = new Map<number, (typeof devices)[number]>()
  for (const d of devices) if (d.address?.type === 'pci' && d.address.slot === 0) occupant.set(d.address.bus, d)
  for (const port of def.controllers) {
    if (port.type !== 'pci' || port.model !== 'pcie-root-port' || port.target?.hotplug !== undefined) continue
    const dev = occupant.get(port.index ?? -1)
    let why: string | undefined
    if (dev?.hotplug === 'off') why = `${deviceLabel(dev)} asks for hotplug off`
    else if (policy.rootPortHotplug === 'off' && dev) why = 'policy: hotplug off on every occupied root port'
    else if (policy.rootPortHotplug === 'off-when-occupied' && dev && dev.kind !== 'interface')
      why = `policy: hotplug off on ports holding ${deviceLabel(dev)} and other non-NIC devices`
    if (!why) continue
    port.target = { ...port.target, hotplug: 'off' }
    def.trace.note(port, `hotplug off: ${why}`)
  }
}
