import type { Device, Expansion, PciAddress } from 'devaddr'

import { defaultProps, type DeviceFacts, type DeviceProps } from '../engine/deviceProps.ts'
import type { EditAction } from '../engine/editActions.ts'
import type { Edits } from '../engine/edits.ts'

/** The drag-and-drop type of a palette entry. */
export const PALETTE_MIME = 'application/x-devaddr-palette'

/** Machine families the palette tells apart: what a device needs differs between them. */
export type MachineFamily = 'q35' | 'pc' | 'virt' | 'other'

/** The family of an expansion's machine (`pc-q35-8.2` → q35, `pc-i440fx-7.2` → pc, aarch64 `virt` → virt). */
export function machineFamily(x: Pick<Expansion, 'arch' | 'machine'>): MachineFamily {
  if (/q35/.test(x.machine)) return 'q35'
  if (/^(pc|pc-i440fx.*|pc-\d.*)$/.test(x.machine) && /86/.test(x.arch)) return 'pc'
  if (/^virt/.test(x.machine) && (x.arch === 'aarch64' || x.arch === 'armv7l' || x.arch.startsWith('riscv'))) return 'virt'
  return 'other'
}

/** What a palette entry needs to make its devices. */
export interface PaletteContext {
  edits: Edits
  expansion: Expansion
  facts: Readonly<Record<string, DeviceFacts>>
  docName: string
}

/** The devices one palette entry adds, with their properties, and the one to select after. */
export interface PaletteBuild {
  devices: Device[]
  props: Record<string, DeviceProps>
  select: string
}

/** A device (or a group of devices) the palette can add. */
export interface PaletteItem {
  key: string
  label: string
  group: 'Storage' | 'Network' | 'Passthrough' | 'PCI topology' | 'Controllers' | 'Other'
  /** the machines it makes sense on; absent: all */
  machines?: readonly MachineFamily[]
  /** a tooltip: what it is and when to use it */
  hint?: string
  make: (ctx: PaletteContext) => PaletteBuild
}

/** Why `item` is not offered on `family`; undefined when it is. */
export function unavailableReason(item: PaletteItem, family: MachineFamily): string | undefined {
  if (!item.machines || item.machines.includes(family)) return undefined
  const names: Record<MachineFamily, string> = { q35: 'q35', pc: 'pc (i440fx)', virt: 'aarch64 virt', other: 'this machine' }
  return `${item.label} needs a ${item.machines.map((m) => names[m]).join(' or ')} machine; this one is ${names[family] === 'this machine' ? 'another type' : names[family]}`
}

function nextDisk(ctx: PaletteContext, prefix: string): string {
  const used = new Set([...ctx.expansion.devices, ...ctx.edits.added].map((d) => d.dst).filter(Boolean))
  for (let i = 0; i < 26 * 27; i++) {
    const name = i < 26 ? String.fromCharCode(97 + i) : String.fromCharCode(96 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26))
    if (!used.has(prefix + name)) return prefix + name
  }
  return `${prefix}zz`
}

/** `count` fresh ids for devices of `kind` added from the palette (`new-disk0`, `new-disk1`…). */
export function freshIds(edits: Edits, kind: string, count: number): string[] {
  const taken = new Set(edits.added.map((d) => d.id))
  const out: string[] = []
  for (let n = 0; out.length < count; n++) if (!taken.has(`new-${kind}${n}`)) out.push(`new-${kind}${n}`)
  return out
}

/** The next free PCI controller index (after every controller shown and added). */
function nextPciIndex(ctx: PaletteContext): number {
  const all = [...ctx.expansion.devices, ...ctx.edits.added].filter(
    (d) => d.kind === 'controller' && d.type === 'pci' && d.index !== undefined,
  )
  return Math.max(0, ...all.map((d) => d.index! + 1))
}

function takenMacs(ctx: PaletteContext): Set<string> {
  const macs = Object.values(ctx.facts).flatMap((f) => (f.mac ? [f.mac.toLowerCase()] : []))
  for (const p of Object.values(ctx.edits.props ?? {})) if (p.kind === 'interface') macs.push(p.mac.toLowerCase())
  return new Set(macs)
}

/** One device of `kind` with its default properties. */
function single(kind: Device['kind'], fields: Omit<Device, 'id' | 'kind' | 'origin'>): (ctx: PaletteContext) => PaletteBuild {
  return (ctx) => {
    const [id] = freshIds(ctx.edits, kind, 1) as [string]
    const device: Device = { id, kind, origin: 'input', ...fields }
    const props = defaultProps(device, { docName: ctx.docName, takenMacs: takenMacs(ctx) })
    return { devices: [device], props: props ? { [id]: props } : {}, select: id }
  }
}

const disk =
  (bus: string, prefix: string, diskDevice = 'disk') =>
  (ctx: PaletteContext) =>
    single('disk', { type: 'file', diskDevice, bus, dst: nextDisk(ctx, prefix) })(ctx)

// note: an explicit index after every controller shown, so that a new port never takes the
// index of one the engine added (which would then just move instead of a port being added)
const pciController = (model: string) => (ctx: PaletteContext) =>
  single('controller', { type: 'pci', model, index: nextPciIndex(ctx) })(ctx)

/** An upstream port and `n` downstream ports behind it, with explicit indexes. */
function pcieSwitch(n: number) {
  return (ctx: PaletteContext): PaletteBuild => {
    const ids = freshIds(ctx.edits, 'controller', n + 1)
    const up = nextPciIndex(ctx)
    const devices: Device[] = ids.map((id, i) => ({
      id,
      kind: 'controller',
      origin: 'input',
      type: 'pci',
      model: i === 0 ? 'pcie-switch-upstream-port' : 'pcie-switch-downstream-port',
      index: up + i,
      // note: downstream ports go on the upstream port's bus, one slot each
      ...(i === 0 ? {} : { address: { type: 'pci', domain: 0, bus: up, slot: i - 1, function: 0 } satisfies PciAddress }),
    }))
    return { devices, props: {}, select: ids[0]! }
  }
}

/** A GPU and its audio function: two host functions of one host slot on one guest slot. */
function gpuWithAudio(ctx: PaletteContext): PaletteBuild {
  const family = machineFamily(ctx.expansion)
  const hostBus = 0x41 + ctx.edits.added.filter((d) => d.kind === 'hostdev').length
  const [gpuId, audioId] = freshIds(ctx.edits, 'hostdev', 2) as [string, string]
  const devices: Device[] = []
  let bus = 0
  let slot = 0
  if (family === 'pc') {
    const used = new Set(ctx.expansion.devices.flatMap((d) => (d.address?.type === 'pci' && d.address.bus === 0 ? [d.address.slot] : [])))
    for (const d of ctx.edits.added) if (d.address?.type === 'pci' && d.address.bus === 0) used.add(d.address.slot)
    slot = [...Array(32).keys()].find((s) => s >= 3 && !used.has(s)) ?? 31
  } else {
    // note: a root port of its own, so that both functions share one guest slot
    const [portId] = freshIds(ctx.edits, 'controller', 1) as [string]
    bus = nextPciIndex(ctx)
    devices.push({ id: portId, kind: 'controller', origin: 'input', type: 'pci', model: 'pcie-root-port', index: bus })
  }
  const host = (fn: number) => `0000:${hostBus.toString(16).padStart(2, '0')}:00.${fn}`
  const at = (fn: number): PciAddress => ({
    type: 'pci',
    domain: 0,
    bus,
    slot,
    function: fn,
    ...(fn === 0 ? { multifunction: 'on' as const } : {}),
  })
  devices.push(
    { id: gpuId, kind: 'hostdev', origin: 'input', mode: 'subsystem', type: 'pci', hostAddress: host(0), address: at(0) },
    { id: audioId, kind: 'hostdev', origin: 'input', mode: 'subsystem', type: 'pci', hostAddress: host(1), address: at(1) },
  )
  return {
    devices,
    props: {
      [gpuId]: { kind: 'hostdev', hostAddress: host(0), managed: true },
      [audioId]: { kind: 'hostdev', hostAddress: host(1), managed: true },
    },
    select: gpuId,
  }
}

/**
 * A pci-bridge; on a PCIe machine behind a new pcie-to-pci-bridge of a lower index, since libvirt
 * numbers a bridge before adding the one it needs and then refuses it (index not above its bus).
 */
function pciBridge(ctx: PaletteContext): PaletteBuild {
  if (machineFamily(ctx.expansion) === 'pc') return pciController('pci-bridge')(ctx)
  const [upId, bridgeId] = freshIds(ctx.edits, 'controller', 2) as [string, string]
  const up = nextPciIndex(ctx)
  return {
    devices: [
      { id: upId, kind: 'controller', origin: 'input', type: 'pci', model: 'pcie-to-pci-bridge', index: up },
      // note: slot 0 of a conventional bridge is its SHPC's
      {
        id: bridgeId,
        kind: 'controller',
        origin: 'input',
        type: 'pci',
        model: 'pci-bridge',
        index: up + 1,
        address: { type: 'pci', domain: 0, bus: up, slot: 1, function: 0 },
      },
    ],
    props: {},
    select: bridgeId,
  }
}

function hostdev(ctx: PaletteContext): PaletteBuild {
  const n = ctx.edits.added.filter((d) => d.kind === 'hostdev').length
  return single('hostdev', { mode: 'subsystem', type: 'pci', hostAddress: `0000:${(0x41 + n).toString(16)}:00.0` })(ctx)
}

const PCIE: readonly MachineFamily[] = ['q35', 'virt']
const X86: readonly MachineFamily[] = ['q35', 'pc']

/** Everything the palette offers. */
export const PALETTE: readonly PaletteItem[] = [
  { key: 'disk-virtio', label: 'virtio disk', group: 'Storage', make: disk('virtio', 'vd') },
  { key: 'disk-sata', label: 'SATA disk', group: 'Storage', machines: ['q35'], make: disk('sata', 'sd') },
  { key: 'disk-ide', label: 'IDE disk', group: 'Storage', machines: ['pc'], make: disk('ide', 'hd') },
  { key: 'disk-scsi', label: 'SCSI disk', group: 'Storage', make: disk('scsi', 'sd') },
  {
    key: 'cdrom-sata',
    label: 'SATA cdrom',
    group: 'Storage',
    machines: ['q35'],
    hint: 'an empty drive; set its medium in the inspector',
    make: disk('sata', 'sd', 'cdrom'),
  },
  {
    key: 'cdrom-ide',
    label: 'IDE cdrom',
    group: 'Storage',
    machines: ['pc'],
    hint: 'an empty drive; set its medium in the inspector',
    make: disk('ide', 'hd', 'cdrom'),
  },
  {
    key: 'cdrom-scsi',
    label: 'SCSI cdrom',
    group: 'Storage',
    machines: ['virt'],
    hint: 'an empty drive; set its medium in the inspector',
    make: disk('scsi', 'sd', 'cdrom'),
  },
  { key: 'nic-virtio', label: 'virtio NIC', group: 'Network', make: single('interface', { type: 'network', model: 'virtio' }) },
  {
    key: 'nic-e1000e',
    label: 'e1000e NIC',
    group: 'Network',
    machines: PCIE,
    make: single('interface', { type: 'network', model: 'e1000e' }),
  },
  {
    key: 'nic-e1000',
    label: 'e1000 NIC (PCI)',
    group: 'Network',
    machines: X86,
    make: single('interface', { type: 'network', model: 'e1000' }),
  },
  {
    key: 'nic-rtl8139',
    label: 'rtl8139 NIC (PCI)',
    group: 'Network',
    machines: X86,
    make: single('interface', { type: 'network', model: 'rtl8139' }),
  },
  {
    key: 'hostdev-pci',
    label: 'PCI hostdev',
    group: 'Passthrough',
    hint: 'a host PCI function; set its host address in the inspector',
    make: hostdev,
  },
  {
    key: 'gpu-audio',
    label: 'GPU + audio (multifunction)',
    group: 'Passthrough',
    hint: 'functions .0 and .1 of one host slot on one guest slot',
    make: gpuWithAudio,
  },
  { key: 'root-port', label: 'pcie-root-port (hotplug)', group: 'PCI topology', machines: PCIE, make: pciController('pcie-root-port') },
  {
    key: 'pcie-switch',
    label: 'PCIe switch (4 ports)',
    group: 'PCI topology',
    machines: PCIE,
    hint: 'an upstream port and four downstream ports',
    make: pcieSwitch(4),
  },
  {
    key: 'pci-bridge',
    label: 'pci-bridge',
    group: 'PCI topology',
    machines: ['q35', 'pc', 'virt'],
    hint: 'conventional PCI slots (behind a pcie-to-pci-bridge on PCIe machines)',
    make: pciBridge,
  },
  {
    key: 'pcie-to-pci-bridge',
    label: 'pcie-to-pci-bridge',
    group: 'PCI topology',
    machines: PCIE,
    make: pciController('pcie-to-pci-bridge'),
  },
  {
    key: 'dmi-to-pci-bridge',
    label: 'dmi-to-pci-bridge',
    group: 'PCI topology',
    machines: ['q35'],
    make: pciController('dmi-to-pci-bridge'),
  },
  {
    key: 'pcie-expander-bus',
    label: 'pcie-expander-bus',
    group: 'PCI topology',
    machines: PCIE,
    hint: 'an extra root bus (pxb-pcie), e.g. for a NUMA node',
    make: pciController('pcie-expander-bus'),
  },
  {
    key: 'pci-expander-bus',
    label: 'pci-expander-bus',
    group: 'PCI topology',
    machines: ['pc'],
    hint: 'an extra root bus (pxb)',
    make: pciController('pci-expander-bus'),
  },
  {
    key: 'scsi-ctl',
    label: 'virtio-scsi controller',
    group: 'Controllers',
    make: single('controller', { type: 'scsi', model: 'virtio-scsi' }),
  },
  {
    key: 'usb-xhci',
    label: 'USB controller (qemu-xhci)',
    group: 'Controllers',
    make: single('controller', { type: 'usb', model: 'qemu-xhci' }),
  },
  {
    key: 'virtio-serial-ctl',
    label: 'virtio-serial controller',
    group: 'Controllers',
    make: single('controller', { type: 'virtio-serial' }),
  },
  { key: 'sound-ich9', label: 'ich9 sound', group: 'Other', machines: ['q35'], make: single('sound', { model: 'ich9' }) },
  { key: 'sound-ich6', label: 'ich6 sound (PCI)', group: 'Other', machines: X86, make: single('sound', { model: 'ich6' }) },
  { key: 'video-virtio', label: 'virtio video', group: 'Other', make: single('video', { model: 'virtio' }) },
  { key: 'rng-virtio', label: 'virtio rng', group: 'Other', make: single('rng', { model: 'virtio' }) },
  { key: 'usb-tablet', label: 'USB tablet', group: 'Other', make: single('input', { type: 'tablet', bus: 'usb' }) },
  { key: 'virtio-keyboard', label: 'virtio keyboard', group: 'Other', make: single('input', { type: 'keyboard', bus: 'virtio' }) },
  {
    key: 'watchdog-i6300esb',
    label: 'i6300esb watchdog (PCI)',
    group: 'Other',
    machines: X86,
    make: single('watchdog', { model: 'i6300esb' }),
  },
  {
    key: 'channel-virtio',
    label: 'virtio-serial channel',
    group: 'Other',
    make: (ctx) =>
      single('channel', {
        type: 'unix',
        targetType: 'virtio',
        targetName: `org.example.port.${ctx.edits.added.filter((d) => d.kind === 'channel').length}`,
      })(ctx),
  },
]

export function paletteItem(key: string): PaletteItem | undefined {
  return PALETTE.find((p) => p.key === key)
}

/**
 * The edit action adding what `item` makes; `address` (a drop target) goes to the first device.
 *
 * @returns the action and the id to select when the engine accepts it
 */
export function paletteAction(item: PaletteItem, ctx: PaletteContext, address?: PciAddress): { action: EditAction; select: string } {
  const build = item.make(ctx)
  if (address && build.devices[0]) build.devices[0] = { ...build.devices[0], address }
  if (build.devices.length === 1) {
    const device = build.devices[0]!
    const props = build.props[device.id]
    return { action: { type: 'add-device', device, title: item.label, ...(props ? { props } : {}) }, select: build.select }
  }
  return { action: { type: 'add-devices', devices: build.devices, title: item.label, props: build.props }, select: build.select }
}
