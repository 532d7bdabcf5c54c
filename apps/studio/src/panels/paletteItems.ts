import type { Device, Expansion } from 'devaddr'

import { newDeviceId, type Edits } from '../engine/edits.ts'

/** The drag-and-drop type of a palette entry. */
export const PALETTE_MIME = 'application/x-devaddr-palette'

/** A device the palette can add: kind and model, and how to make one. */
export interface PaletteItem {
  key: string
  label: string
  group: 'Storage' | 'Network' | 'Passthrough' | 'PCI topology' | 'Other'
  make: (edits: Edits, expansion: Expansion) => Device
}

function nextDisk(expansion: Expansion, edits: Edits, prefix: string): string {
  const used = new Set([...expansion.devices, ...edits.added].map((d) => d.dst).filter(Boolean))
  for (let i = 0; i < 26 * 27; i++) {
    const name = i < 26 ? String.fromCharCode(97 + i) : String.fromCharCode(96 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26))
    if (!used.has(prefix + name)) return prefix + name
  }
  return `${prefix}zz`
}

const base = (edits: Edits, kind: Device['kind']): Device => ({ id: newDeviceId(edits, kind), kind, origin: 'input' })

/** Everything the palette offers. */
export const PALETTE: readonly PaletteItem[] = [
  { key: 'disk-virtio', label: 'virtio disk', group: 'Storage', make: (e, x) => ({ ...base(e, 'disk'), type: 'file', diskDevice: 'disk', bus: 'virtio', dst: nextDisk(x, e, 'vd') }) },
  { key: 'disk-sata', label: 'SATA disk', group: 'Storage', make: (e, x) => ({ ...base(e, 'disk'), type: 'file', diskDevice: 'disk', bus: 'sata', dst: nextDisk(x, e, 'sd') }) },
  { key: 'disk-scsi', label: 'SCSI disk', group: 'Storage', make: (e, x) => ({ ...base(e, 'disk'), type: 'file', diskDevice: 'disk', bus: 'scsi', dst: nextDisk(x, e, 'sd') }) },
  { key: 'nic-virtio', label: 'virtio NIC', group: 'Network', make: (e) => ({ ...base(e, 'interface'), type: 'network', model: 'virtio' }) },
  { key: 'nic-e1000e', label: 'e1000e NIC', group: 'Network', make: (e) => ({ ...base(e, 'interface'), type: 'network', model: 'e1000e' }) },
  { key: 'nic-e1000', label: 'e1000 NIC (PCI)', group: 'Network', make: (e) => ({ ...base(e, 'interface'), type: 'network', model: 'e1000' }) },
  {
    key: 'hostdev-pci',
    label: 'PCI hostdev (GPU)',
    group: 'Passthrough',
    make: (e) => {
      const n = e.added.filter((d) => d.kind === 'hostdev').length
      return { ...base(e, 'hostdev'), mode: 'subsystem', type: 'pci', hostAddress: `0000:${(0x41 + n).toString(16)}:00.0` }
    },
  },
  { key: 'root-port', label: 'pcie-root-port (hotplug)', group: 'PCI topology', make: (e) => ({ ...base(e, 'controller'), type: 'pci', model: 'pcie-root-port' }) },
  { key: 'pci-bridge', label: 'pci-bridge', group: 'PCI topology', make: (e) => ({ ...base(e, 'controller'), type: 'pci', model: 'pci-bridge' }) },
  { key: 'scsi-ctl', label: 'virtio-scsi controller', group: 'PCI topology', make: (e) => ({ ...base(e, 'controller'), type: 'scsi', model: 'virtio-scsi' }) },
  { key: 'sound-ich9', label: 'ich9 sound', group: 'Other', make: (e) => ({ ...base(e, 'sound'), model: 'ich9' }) },
  { key: 'video-virtio', label: 'virtio video', group: 'Other', make: (e) => ({ ...base(e, 'video'), model: 'virtio' }) },
  { key: 'rng-virtio', label: 'virtio rng', group: 'Other', make: (e) => ({ ...base(e, 'rng'), model: 'virtio' }) },
  { key: 'usb-tablet', label: 'USB tablet', group: 'Other', make: (e) => ({ ...base(e, 'input'), type: 'tablet', bus: 'usb' }) },
  {
    key: 'channel-virtio',
    label: 'virtio-serial channel',
    group: 'Other',
    make: (e) => ({ ...base(e, 'channel'), type: 'unix', targetType: 'virtio', targetName: `org.example.port.${e.added.filter((d) => d.kind === 'channel').length}` }),
  },
]

export function paletteItem(key: string): PaletteItem | undefined {
  return PALETTE.find((p) => p.key === key)
}
