import { type Address, type Device, formatPciAddress } from 'devaddr'

/** `0000:01:00.0`, `drive 0:0:0:0`, `usb 0 port 1`, … */
export function formatAddressShort(a: Address | undefined): string {
  if (!a) return 'no address'
  switch (a.type) {
    case 'pci':
      return formatPciAddress(a)
    case 'drive':
      return `drive ${a.controller}:${a.bus}:${a.target}:${a.unit}`
    case 'usb':
      return `usb ${a.bus}${a.port ? ` port ${a.port}` : ''}`
    case 'virtio-serial':
      return `virtio-serial ${a.controller}:${a.bus}:${a.port}`
    case 'ccid':
      return `ccid ${a.controller}:${a.slot}`
    case 'spapr-vio':
      return `spapr-vio${a.reg !== undefined ? ` reg 0x${a.reg.toString(16)}` : ''}`
    case 'ccw':
      return `ccw ${a.cssid ?? '?'}.${a.ssid ?? '?'}.${a.devno?.toString(16) ?? '?'}`
    case 'dimm':
      return `dimm slot ${a.slot ?? '?'}`
    case 'isa':
      return `isa${a.iobase !== undefined ? ` 0x${a.iobase.toString(16)}` : ''}`
    case 'virtio-mmio':
    case 'unassigned':
      return a.type
  }
}

/** What a person calls the device: `disk vda`, `cdrom sda`, `hostdev 0000:03:00.0`, `usb controller 0`. */
export function deviceTitle(d: Device): string {
  switch (d.kind) {
    case 'disk':
      return `${d.diskDevice && d.diskDevice !== 'disk' ? d.diskDevice : 'disk'} ${d.dst ?? ''}`.trim()
    case 'controller':
      return `${d.type ?? ''} controller ${d.index ?? ''}`.trim()
    case 'hostdev':
      return d.hostAddress ? `hostdev ${d.hostAddress}` : `hostdev ${d.type ?? ''}`.trim()
    case 'channel':
      return d.targetName ? `channel ${d.targetName}` : 'channel'
    case 'input':
      return `${d.type ?? 'input'} (${d.kind})`
    default: {
      const n = /(\d+)$/.exec(d.id)?.[1]
      return n !== undefined && d.origin === 'input' ? `${d.kind} #${Number(n) + 1}` : d.kind
    }
  }
}

/** The second line of a card: the model, or the bus/type when there is no model. */
export function deviceModel(d: Device): string {
  if (d.kind === 'hostdev') return d.type === 'pci' ? 'PCI passthrough' : (d.type ?? '')
  if (d.kind === 'disk') return d.bus ?? ''
  return d.model ?? d.type ?? d.bus ?? ''
}
