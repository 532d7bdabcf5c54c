import type { DomainDef } from '../domain/domainDef.ts'
import type { Device } from '../model/device.ts'
import type { ExpansionWarning } from '../model/domain.ts'

/** QEMU (issue #641) and EDK2 misbehave from about 15 root ports on. */
const ROOT_PORT_WARN = 15
/** 64 KiB of IO space in 4 KiB windows: about 10 bridges/ports whose devices need IO. */
const IO_PORT_WARN = 9
/** 256 bus numbers in a PCI domain. */
const BUS_NUMBER_WARN = 200

const ids = (devices: readonly Device[]) => devices.map((d) => d.id)

const LEGACY_BRIDGES = new Set(['pci-bridge', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge'])

/** Conventional PCI endpoints keep IO BARs; modern virtio and PCIe devices do not need them. */
function needsIo(d: Device): boolean {
  if (d.kind === 'controller' && d.type === 'pci') return LEGACY_BRIDGES.has(d.model ?? '')
  const m = d.model ?? ''
  return (
    ['e1000', 'rtl8139', 'cirrus', 'vga', 'qxl', 'ich6', 'ich9', 'ac97', 'es1370', 'i6300esb', 'lsilogic'].includes(m) ||
    m === 'virtio-transitional'
  )
}

/** Limits the guest is near or past, which libvirt itself never mentions. */
export function expansionWarnings(def: DomainDef): ExpansionWarning[] {
  const warnings: ExpansionWarning[] = []
  const occupant = new Map<number, Device>()
  for (const d of def.iterate()) if (d.address?.type === 'pci') occupant.set(d.address.bus, d)
  // note: one loop over the controllers, not filters of filters: this runs after every expansion
  const rootPorts: Device[] = []
  const ioPorts: Device[] = []
  const buses: Device[] = []
  for (const c of def.controllers) {
    if (c.type !== 'pci') continue
    if (c.model !== 'pci-root' && c.model !== 'pcie-root') buses.push(c)
    if (c.model === 'pcie-root-port') rootPorts.push(c)
    if (LEGACY_BRIDGES.has(c.model ?? '')) ioPorts.push(c)
    else if (c.model === 'pcie-root-port' || c.model === 'pcie-switch-downstream-port') {
      const d = occupant.get(c.index ?? -1)
      if (d !== undefined && needsIo(d)) ioPorts.push(c)
    }
  }
  if (rootPorts.length >= ROOT_PORT_WARN)
    warnings.push({
      code: 'root-port-count',
      message: `${rootPorts.length} pcie-root-ports: from about ${ROOT_PORT_WARN} on, some QEMU and UEFI firmware versions boot slowly or fail to enumerate them (QEMU issue #641; virt-install stops at 14)`,
      deviceIds: ids(rootPorts),
    })
  if (ioPorts.length >= IO_PORT_WARN)
    warnings.push({
      code: 'io-port-space',
      message: `${ioPorts.length} bridges/ports hold devices that need IO port space; the guest has 64 KiB of it in 4 KiB windows, so about 10 fit (use PCIe or virtio models to need none)`,
      deviceIds: ids(ioPorts),
    })
  if (buses.length >= BUS_NUMBER_WARN)
    warnings.push({
      code: 'bus-numbers',
      message: `${buses.length} PCI buses: a PCI domain has 256 bus numbers in all`,
      deviceIds: ids(buses),
    })
  const root = def.findController('pci', 0)
  if (root?.model === 'pcie-root') {
    const free = rootPorts.filter((p) => p.target?.hotplug !== 'off' && !occupant.has(p.index ?? -1))
    if (free.length === 0)
      warnings.push({
        code: 'hotplug-slots',
        message:
          "no empty hotpluggable root port: a device hotplugged into the running guest has nowhere to go (set the policy's sparePorts)",
        // note: the bus a new root port would join; there is no port to name
        deviceIds: [root.id],
      })
  }
  return warnings
}
