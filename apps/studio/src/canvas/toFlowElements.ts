import { formatPciAddress, type Address, type Device, type Expansion } from 'devaddr'

import type { GuestBdfMap } from '../engine/guestView.ts'
import {
  CARD_H,
  CARD_W,
  BUS_HEADER,
  GROUP_HEADER,
  GROUP_ROW,
  PAD,
  PORT_HEADER,
  type BusData,
  type DeviceCardData,
  type FlowEdgeSpec,
  type FlowModel,
  type FlowNodeSpec,
  type GroupData,
  type PortData,
} from './flowTypes.ts'

/** How the expansion is drawn; selection is not part of it, so selecting never re-lays out. */
export interface FlowOptions {
  /** collapse runs of identical siblings (default true) */
  collapseRepeats: boolean
  /** ids of runs the user expanded */
  expandedRuns: ReadonlySet<string>
  /** group id → open (true) or closed (false); absent: open when it has few items */
  groupOpen: Readonly<Record<string, boolean>>
  /** ids of devices the user may move and remove */
  editableIds: ReadonlySet<string>
  /** guest NUMA nodes to draw, even when empty */
  numaNodes: number
}

export const DEFAULT_FLOW_OPTIONS: FlowOptions = {
  collapseRepeats: true,
  expandedRuns: new Set(),
  groupOpen: {},
  editableIds: new Set(),
  numaNodes: 0,
}

/** A run this long or longer is collapsed to its first RUN_KEEP members and one "N more" card. */
export const RUN_MIN = 8
export const RUN_KEEP = 3
/** A non-PCI group with more items than this starts closed. */
const GROUP_OPEN_MAX = 8

const PORT_MODELS = new Set(['pcie-root-port', 'pcie-switch-downstream-port'])
const EXPANDER_MODELS = new Set(['pci-expander-bus', 'pcie-expander-bus'])
/** Controllers whose devices hang off them with non-PCI addresses. */
const DRIVE_BUSES = new Set(['sata', 'ide', 'scsi', 'fdc'])

const isPciController = (d: Device): d is Device & { index: number } =>
  d.kind === 'controller' && d.type === 'pci' && d.index !== undefined

/** The node id of a PCI controller (stable across expansions: the bus number). */
export const pciNodeId = (index: number) => `pci:${index}`
/** The node id of a device card. */
export const deviceNodeId = (id: string) => `dev:${id}`

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

function slotRange(model: string | undefined): [number, number] {
  switch (model) {
    case 'pcie-root':
    case 'pci-root':
    case 'pci-bridge':
    case 'pcie-to-pci-bridge':
      return [1, 31]
    default:
      return [0, 31]
  }
}

function comparePci(a: Device, b: Device): number {
  const x = a.address?.type === 'pci' ? a.address : undefined
  const y = b.address?.type === 'pci' ? b.address : undefined
  return (x?.slot ?? 0) - (y?.slot ?? 0) || (x?.function ?? 0) - (y?.function ?? 0)
}

/**
 * Turns an expansion into React Flow nodes and edges, without positions (see layout.ts):
 * PCI buses contain what is plugged into them (lstopo-style), expander buses sit in the box of
 * their guest NUMA node, non-PCI buses are groups hanging off their controller.
 *
 * @param expansion what the engine returned
 * @param guest guest BDFs per device id, when the engine has them
 * @param options collapsing and grouping
 */
export function toFlowElements(expansion: Expansion, guest: GuestBdfMap | null, options: FlowOptions = DEFAULT_FLOW_OPTIONS): FlowModel {
  const nodes: FlowNodeSpec[] = []
  const edges: FlowEdgeSpec[] = []
  const nodeOfDevice: Record<string, string> = {}
  const hiddenIn: Record<string, string> = {}

  const pciControllers = new Map<number, Device & { index: number }>()
  for (const d of expansion.devices) if (isPciController(d) && !pciControllers.has(d.index)) pciControllers.set(d.index, d)
  const onBus = new Map<number, Device[]>()
  for (const d of expansion.devices) {
    if (d.address?.type !== 'pci') continue
    const list = onBus.get(d.address.bus)
    if (list) list.push(d)
    else onBus.set(d.address.bus, [d])
  }
  for (const list of onBus.values()) list.sort(comparePci)

  const xmlAddr = (d: Device) => formatAddressShort(d.address)
  const bdf = (d: Device): { guestBdf?: string } => {
    const g = guest?.[d.id]
    return g === undefined ? {} : { guestBdf: g }
  }

  const signature = (d: Device): string => {
    if (isPciController(d)) {
      if (!PORT_MODELS.has(d.model ?? '')) return `ctl:${d.index}`
      const inside = (onBus.get(d.index) ?? []).map(signature).join(',')
      return `port:${d.model}:${d.target?.hotplug ?? 'on'}[${inside}]`
    }
    return `dev:${d.kind}:${deviceModel(d)}:${d.origin}:${options.editableIds.has(d.id)}`
  }

  const markHidden = (d: Device, runId: string) => {
    hiddenIn[d.id] = runId
    nodeOfDevice[d.id] = runId
    if (isPciController(d)) for (const c of onBus.get(d.index) ?? []) markHidden(c, runId)
  }

  // controllers with devices on a non-PCI bus: their card gets a wrapper that also holds the group
  const groupedControllers = new Set<string>()
  for (const d of expansion.devices) {
    const a = d.address
    const type =
      a?.type === 'drive' ? (d.kind === 'disk' && DRIVE_BUSES.has(d.bus ?? '') ? d.bus! : d.kind === 'hostdev' ? 'scsi' : (d.bus ?? 'drive'))
      : a?.type === 'usb' ? 'usb' : a?.type === 'virtio-serial' ? 'virtio-serial' : a?.type === 'ccid' ? 'ccid' : undefined
    const index = a?.type === 'usb' ? a.bus : a && 'controller' in a ? a.controller : undefined
    if (type === undefined || index === undefined) continue
    const c = expansion.devices.find((x) => x.kind === 'controller' && x.type === type && x.index === index)
    if (c) groupedControllers.add(c.id)
  }
  const portNodes = new Set<string>()

  const emitCard = (d: Device, parentId: string | undefined) => {
    if (parentId && !portNodes.has(parentId) && groupedControllers.has(d.id)) {
      const wrapId = `slot:${d.id}`
      nodes.push({ id: wrapId, type: 'slot', data: { deviceId: d.id }, parentId, draggable: false, arrange: 'stack', header: 0 })
      parentId = wrapId
    }
    const data: DeviceCardData = {
      deviceId: d.id,
      kind: d.kind,
      title: deviceTitle(d),
      model: deviceModel(d),
      xmlAddress: xmlAddr(d),
      ...bdf(d),
      origin: d.origin,
      editable: options.editableIds.has(d.id),
    }
    if (d.numaNode !== undefined) data.numaNode = d.numaNode
    const id = deviceNodeId(d.id)
    nodes.push({ id, type: 'device', data, ...(parentId ? { parentId } : {}), width: CARD_W, height: CARD_H, draggable: data.editable && d.address?.type === 'pci' })
    nodeOfDevice[d.id] = id
  }

  const emitChildren = (busIndex: number, containerId: string) => {
    const children = (onBus.get(busIndex) ?? []).filter((c) => !(isPciController(c) && EXPANDER_MODELS.has(c.model ?? '')))
    let i = 0
    while (i < children.length) {
      const sig = signature(children[i]!)
      let j = i + 1
      while (j < children.length && signature(children[j]!) === sig) j++
      const run = children.slice(i, j)
      const first = run[RUN_KEEP]
      const runId = first?.address?.type === 'pci' ? `run:${busIndex}:${first.address.slot}.${first.address.function}` : ''
      if (options.collapseRepeats && run.length >= RUN_MIN && !options.expandedRuns.has(runId)) {
        for (const d of run.slice(0, RUN_KEEP)) emitDevice(d, containerId)
        const hidden = run.slice(RUN_KEEP)
        for (const d of hidden) markHidden(d, runId)
        const last = hidden[hidden.length - 1]!
        const sample = hidden[0]!
        const inside = isPciController(sample) ? (onBus.get(sample.index) ?? []).map((c) => `${deviceTitle(c).split(' ')[0]} ${deviceModel(c)}`.trim()) : []
        nodes.push({
          id: runId,
          type: 'run',
          parentId: containerId,
          data: {
            runId,
            count: hidden.length,
            summary: isPciController(sample)
              ? `${sample.model}${inside.length > 0 ? ` → ${inside.join(', ')}` : ' (empty)'}`
              : `${sample.kind} ${deviceModel(sample)}`.trim(),
            firstAddress: xmlAddr(sample),
            lastAddress: xmlAddr(last),
          },
          width: CARD_W,
          height: CARD_H,
          draggable: false,
        })
      } else {
        for (const d of run) emitDevice(d, containerId)
      }
      i = j
    }
  }

  const emitBus = (d: Device & { index: number }, parentId: string | undefined) => {
    const id = pciNodeId(d.index)
    const [lo, hi] = slotRange(d.model)
    const used = new Set((onBus.get(d.index) ?? []).map((c) => (c.address?.type === 'pci' ? c.address.slot : -1)))
    let free = 0
    for (let s = lo; s <= hi; s++) if (!used.has(s)) free++
    const data: BusData = { deviceId: d.id, index: d.index, model: d.model ?? 'pci', freeSlots: free, origin: d.origin, ...bdf(d) }
    if (d.address?.type === 'pci') data.xmlAddress = xmlAddr(d)
    if (d.target?.node !== undefined) data.numaNode = d.target.node
    nodes.push({ id, type: 'bus', data, ...(parentId ? { parentId } : {}), draggable: false, arrange: 'grid', header: BUS_HEADER })
    nodeOfDevice[d.id] = id
    emitChildren(d.index, id)
    // a container without children still needs a size
    if (!nodes.some((n) => n.parentId === id)) Object.assign(nodes[nodes.findIndex((n) => n.id === id)]!, { width: CARD_W + 2 * PAD, height: BUS_HEADER + PAD })
  }

  const emitPort = (d: Device & { index: number }, parentId: string) => {
    const id = pciNodeId(d.index)
    const inside = onBus.get(d.index) ?? []
    const data: PortData = {
      deviceId: d.id,
      index: d.index,
      model: d.model ?? '',
      xmlAddress: xmlAddr(d),
      ...bdf(d),
      hotplug: d.target?.hotplug ?? 'on',
      empty: inside.length === 0,
      origin: d.origin,
    }
    const spec: FlowNodeSpec = { id, type: 'port', data, parentId, draggable: false, arrange: 'stack', header: PORT_HEADER }
    portNodes.add(id)
    if (data.empty) Object.assign(spec, { width: CARD_W + 2 * PAD, height: PORT_HEADER + 30 })
    nodes.push(spec)
    nodeOfDevice[d.id] = id
    emitChildren(d.index, id)
  }

  const emitDevice = (d: Device, parentId: string) => {
    if (isPciController(d)) {
      if (PORT_MODELS.has(d.model ?? '')) emitPort(d, parentId)
      else emitBus(d, parentId)
    } else {
      emitCard(d, parentId)
    }
  }

  // NUMA boxes first: their expander buses are emitted inside them
  const expanders = [...pciControllers.values()].filter((c) => EXPANDER_MODELS.has(c.model ?? ''))
  const numaCount = Math.max(options.numaNodes, ...expanders.map((x) => (x.target?.node ?? -1) + 1))
  for (let n = 0; n < numaCount; n++) {
    const has = expanders.some((x) => x.target?.node === n)
    nodes.push({
      id: `numa:${n}`,
      type: 'numa',
      data: { node: n, empty: !has },
      draggable: false,
      arrange: 'grid',
      header: BUS_HEADER,
      ...(has ? {} : { width: CARD_W + 2 * PAD, height: BUS_HEADER + 30 }),
    })
  }

  // root buses: PCI controllers with no PCI address of their own (pcie-root, pci-root, PHBs)
  const roots = [...pciControllers.values()].filter((c) => c.address?.type !== 'pci').sort((a, b) => a.index - b.index)
  for (const r of roots) emitBus(r, undefined)
  for (const x of expanders) {
    emitBus(x, x.target?.node !== undefined ? `numa:${x.target.node}` : undefined)
    if (x.address?.type === 'pci' && pciControllers.has(x.address.bus)) {
      edges.push({ id: `e:${pciNodeId(x.address.bus)}-${pciNodeId(x.index)}`, source: pciNodeId(x.address.bus), target: pciNodeId(x.index), label: xmlAddr(x) })
    }
  }
  // PCI devices whose bus has no controller (an invalid input the engine let through) still show
  for (const d of expansion.devices) {
    if (d.address?.type === 'pci' && !pciControllers.has(d.address.bus) && nodeOfDevice[d.id] === undefined) emitCard(d, undefined)
  }

  // non-PCI buses
  const groups = new Map<string, { title: string; controller?: Device; items: Device[] }>()
  const controllerOf = (type: string, index: number) => expansion.devices.find((c) => c.kind === 'controller' && c.type === type && c.index === index)
  const addTo = (key: string, type: string, index: number, d: Device) => {
    let g = groups.get(key)
    if (!g) {
      const controller = controllerOf(type, index)
      const title = `${type === 'virtio-serial' ? 'virtio-serial' : type.toUpperCase()} ${index}${controller?.model ? ` (${controller.model})` : ''}`
      g = controller ? { title, controller, items: [] } : { title, items: [] }
      groups.set(key, g)
    }
    g.items.push(d)
  }
  const platform: Device[] = []
  for (const d of expansion.devices) {
    const a = d.address
    if (a?.type === 'pci') continue
    if (isPciController(d)) continue
    switch (a?.type) {
      case 'drive': {
        const type = d.kind === 'disk' && DRIVE_BUSES.has(d.bus ?? '') ? d.bus! : d.kind === 'hostdev' ? 'scsi' : (d.bus ?? 'drive')
        addTo(`${type}:${a.controller}`, type, a.controller, d)
        break
      }
      case 'usb':
        addTo(`usb:${a.bus}`, 'usb', a.bus, d)
        break
      case 'virtio-serial':
        addTo(`virtio-serial:${a.controller}`, 'virtio-serial', a.controller, d)
        break
      case 'ccid':
        addTo(`ccid:${a.controller}`, 'ccid', a.controller, d)
        break
      default:
        platform.push(d)
    }
  }
  const emitGroup = (groupId: string, title: string, items: Device[], controller: Device | undefined, defaultOpen: boolean) => {
    const open = options.groupOpen[groupId] ?? defaultOpen
    const data: GroupData = {
      groupId,
      title,
      items: items.map((d) => ({ deviceId: d.id, label: `${deviceTitle(d)}${deviceModel(d) ? ` · ${deviceModel(d)}` : ''}`, address: xmlAddr(d), origin: d.origin })),
      collapsed: !open,
    }
    if (controller) data.controllerId = controller.id
    const hiddenRun = controller ? hiddenIn[controller.id] : undefined
    if (hiddenRun) {
      // the controller is folded into a run of repeats: so are the devices on its bus
      for (const d of items) {
        hiddenIn[d.id] = hiddenRun
        nodeOfDevice[d.id] = hiddenRun
      }
      return
    }
    const from = controller ? nodeOfDevice[controller.id] : undefined
    const at = from ? nodes.findIndex((n) => n.id === from) : -1
    const host = at === -1 ? undefined : nodes[at]
    // lstopo-style: the devices on a controller are drawn next to it, inside the same bus or port
    const spec: FlowNodeSpec = {
      id: groupId,
      type: 'busgroup',
      data,
      ...(host?.parentId ? { parentId: host.parentId } : {}),
      width: host?.parentId ? CARD_W : CARD_W + 32,
      height: GROUP_HEADER + (open ? items.length * GROUP_ROW + PAD : 0),
      draggable: false,
    }
    if (host) nodes.splice(at + 1, 0, spec)
    else nodes.push(spec)
    for (const d of items) nodeOfDevice[d.id] ??= groupId
    if (from && host) edges.push({ id: `e:${from}-${groupId}`, source: from, target: groupId })
  }
  for (const [key, g] of groups) emitGroup(`grp:${key}`, g.title, g.items, g.controller, g.items.length <= GROUP_OPEN_MAX)
  if (platform.length > 0) emitGroup('grp:platform', 'Platform devices', platform, undefined, false)

  return { nodes, edges, nodeOfDevice, hiddenIn }
}
