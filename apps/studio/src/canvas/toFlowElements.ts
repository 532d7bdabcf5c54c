import type { Device, Expansion, PciAddress } from 'devaddr'

import type { DeviceFacts } from '../engine/deviceProps.ts'
import type { GuestBdfMap } from '../engine/guestView.ts'
import { sameData } from '../sameData.ts'
import { busGroups, placeBusGroup } from './busGroups.ts'
import { foldRun, runCard, runsOf, signature } from './deviceRuns.ts'
import { deviceDetails } from './deviceSearch.ts'
import { deviceModel, deviceTitle, formatAddressShort } from './deviceText.ts'
import { deviceNodeId, multifunctionNodeId, numaNodeId, pciNodeId } from './flowIds.ts'
import {
  BUS_HEADER,
  type BusData,
  CARD_H,
  CARD_W,
  type DeviceCardData,
  type FlowModel,
  type FlowNodeSpec,
  type MultifunctionData,
  PAD,
  PORT_HEADER,
  type PortData,
  SLOT_HEADER,
} from './flowTypes.ts'
import { devicesOn, drawnOn, freeSlots, isPciController, isPort, type PciController, pciTree, slotsOf } from './pciTree.ts'

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
  /** device id → what identifies it (read from the XML) */
  facts?: Readonly<Record<string, DeviceFacts>>
  /** ids of devices an error is about */
  marked?: ReadonlySet<string>
}

export const DEFAULT_FLOW_OPTIONS: FlowOptions = {
  collapseRepeats: true,
  expandedRuns: new Set(),
  groupOpen: {},
  editableIds: new Set(),
  numaNodes: 0,
}

/** What a card was drawn from and its data: see `cardData`. */
interface CardEntry {
  guestBdf: string | undefined
  editable: boolean
  facts: DeviceFacts | undefined
  marked: boolean
  data: DeviceCardData
}

// note: an edit hands over the devices it did not change as the same objects (outcomeDelta.ts);
// their cards then keep their data objects too, so that nothing downstream compares them member by member
const cards = new WeakMap<Device, CardEntry>()

/** The data of a device's card: the one made before for the same device object and inputs, else a new one. */
function cardData(d: Device, guest: GuestBdfMap | null, options: FlowOptions): DeviceCardData {
  const guestBdf = guest?.[d.id]
  const editable = options.editableIds.has(d.id)
  const facts = options.facts?.[d.id]
  const marked = options.marked?.has(d.id) ?? false
  const seen = cards.get(d)
  if (seen && seen.guestBdf === guestBdf && seen.editable === editable && seen.facts === facts && seen.marked === marked) return seen.data
  const data: DeviceCardData = {
    deviceId: d.id,
    kind: d.kind,
    title: deviceTitle(d),
    model: deviceModel(d),
    xmlAddress: formatAddressShort(d.address),
    ...(guestBdf === undefined ? {} : { guestBdf }),
    origin: d.origin,
    editable,
  }
  if (d.numaNode !== undefined) data.numaNode = d.numaNode
  const details = deviceDetails(d, facts)
  if (details.length > 0) data.details = details
  if (marked) data.marked = true
  const written = facts?.model
  if (written && written !== data.model) data.writtenModel = written
  cards.set(d, { guestBdf, editable, facts, marked, data })
  return data
}

/** `fresh`, or the equal object made for `d` before (ports and buses: their data also says what is plugged in). */
const containers = new WeakMap<Device, PortData | BusData>()
function keptData<T extends PortData | BusData>(d: Device, fresh: T): T {
  const seen = containers.get(d)
  if (seen && sameData(seen, fresh)) return seen as T
  containers.set(d, fresh)
  return fresh
}

/**
 * Turns an expansion into React Flow nodes and edges, without positions (see layout.ts):
 * PCI buses contain what is plugged into them (lstopo-style, `pciTree`), long runs of identical
 * siblings fold into one card (`deviceRuns`), expander buses sit in the box of their guest NUMA
 * node, non-PCI buses are groups hanging off their controller (`busGroups`).
 *
 * @param expansion what the engine returned
 * @param guest guest BDFs per device id, when the engine has them
 * @param options collapsing and grouping
 */
export function toFlowElements(expansion: Expansion, guest: GuestBdfMap | null, options: FlowOptions = DEFAULT_FLOW_OPTIONS): FlowModel {
  const model: FlowModel = { nodes: [], edges: [], nodeOfDevice: {}, hiddenIn: {} }
  const { nodes, edges, nodeOfDevice, hiddenIn } = model
  const tree = pciTree(expansion)
  const groups = busGroups(expansion)
  // controllers with devices on a non-PCI bus: their card gets a wrapper that also holds the group
  const groupedControllers = new Set(groups.flatMap((g) => (g.controller ? [g.controller.id] : [])))
  const portNodes = new Set<string>()

  const bdf = (d: Device): { guestBdf?: string } => {
    const g = guest?.[d.id]
    return g === undefined ? {} : { guestBdf: g }
  }

  const markHidden = (d: Device, runId: string) => {
    hiddenIn[d.id] = runId
    nodeOfDevice[d.id] = runId
    if (isPciController(d)) for (const c of devicesOn(tree, d.index)) markHidden(c, runId)
  }

  const emitCard = (d: Device, parentId: string | undefined) => {
    if (parentId && !portNodes.has(parentId) && groupedControllers.has(d.id)) {
      const wrapId = `slot:${d.id}`
      nodes.push({ id: wrapId, type: 'slot', data: { deviceId: d.id }, parentId, draggable: false, arrange: 'stack', header: 0 })
      parentId = wrapId
    }
    const data = cardData(d, guest, options)
    const id = deviceNodeId(d.id)
    nodes.push({
      id,
      type: 'device',
      data,
      ...(parentId ? { parentId } : {}),
      width: CARD_W,
      height: CARD_H,
      draggable: data.editable && d.address?.type === 'pci',
    })
    nodeOfDevice[d.id] = id
  }

  const emitRuns = (busIndex: number, devices: readonly Device[], containerId: string) => {
    for (const run of runsOf(devices, (d) => signature(tree, d, options.editableIds))) {
      const folding = foldRun(busIndex, run, options)
      for (const d of folding.shown) emitDevice(d, containerId)
      if (!folding.folded) continue
      for (const d of folding.hidden) markHidden(d, folding.runId)
      nodes.push({
        id: folding.runId,
        type: 'run',
        parentId: containerId,
        data: runCard(tree, folding.runId, folding.hidden),
        width: CARD_W,
        height: CARD_H,
        draggable: false,
      })
    }
  }

  const emitChildren = (busIndex: number, containerId: string) => {
    let pending: Device[] = []
    for (const functions of slotsOf(drawnOn(tree, busIndex))) {
      // note: a slot of several functions holding an endpoint (a GPU and its audio function, the
      // PIIX3's IDE and USB) is drawn as one slot; libvirt's packing of root ports into the
      // functions of one slot is not, so that runs of ports still fold
      if (functions.length < 2 || functions.every(isPort)) {
        pending.push(...functions)
        continue
      }
      emitRuns(busIndex, pending, containerId)
      pending = []
      const a = functions[0]!.address as PciAddress
      const id = multifunctionNodeId(busIndex, a.slot)
      const data: MultifunctionData = {
        bus: busIndex,
        slot: a.slot,
        title: `slot ${formatAddressShort(a).replace(/\.\d$/, '')} · ${functions.length} functions`,
        functions: functions.length,
      }
      nodes.push({ id, type: 'mfslot', data, parentId: containerId, draggable: false, arrange: 'grid', header: SLOT_HEADER })
      for (const d of functions) emitDevice(d, id)
    }
    emitRuns(busIndex, pending, containerId)
  }

  const emitBus = (d: PciController, parentId: string | undefined) => {
    const id = pciNodeId(d.index)
    const data: BusData = {
      deviceId: d.id,
      index: d.index,
      model: d.model ?? 'pci',
      freeSlots: freeSlots(tree, d),
      origin: d.origin,
      ...bdf(d),
    }
    if (d.address?.type === 'pci') data.xmlAddress = formatAddressShort(d.address)
    if (d.target?.node !== undefined) data.numaNode = d.target.node
    const spec: FlowNodeSpec = {
      id,
      type: 'bus',
      data: keptData(d, data),
      ...(parentId ? { parentId } : {}),
      draggable: false,
      arrange: 'grid',
      header: BUS_HEADER,
    }
    nodes.push(spec)
    nodeOfDevice[d.id] = id
    emitChildren(d.index, id)
    // a container without children still needs a size
    if (!nodes.some((n) => n.parentId === id)) Object.assign(spec, { width: CARD_W + 2 * PAD, height: BUS_HEADER + PAD })
  }

  const emitPort = (d: PciController, parentId: string) => {
    const id = pciNodeId(d.index)
    const data: PortData = {
      deviceId: d.id,
      index: d.index,
      model: d.model ?? '',
      xmlAddress: formatAddressShort(d.address),
      ...bdf(d),
      hotplug: d.target?.hotplug ?? 'on',
      empty: devicesOn(tree, d.index).length === 0,
      origin: d.origin,
    }
    const spec: FlowNodeSpec = {
      id,
      type: 'port',
      data: keptData(d, data),
      parentId,
      draggable: false,
      arrange: 'stack',
      header: PORT_HEADER,
    }
    portNodes.add(id)
    // note: an empty port is as large as one holding a card: a device moved into or out of a port
    // leaves its bus packed as it was, so the edit needs no new layout and nothing else moves
    if (data.empty) Object.assign(spec, { width: CARD_W + 2 * PAD, height: PORT_HEADER + CARD_H + PAD })
    nodes.push(spec)
    nodeOfDevice[d.id] = id
    emitChildren(d.index, id)
  }

  const emitDevice = (d: Device, parentId: string) => {
    if (!isPciController(d)) emitCard(d, parentId)
    else if (isPort(d)) emitPort(d, parentId)
    else emitBus(d, parentId)
  }

  // NUMA boxes first: their expander buses are emitted inside them
  const numaCount = Math.max(options.numaNodes, ...tree.expanders.map((x) => (x.target?.node ?? -1) + 1))
  for (let n = 0; n < numaCount; n++) {
    const has = tree.expanders.some((x) => x.target?.node === n)
    nodes.push({
      id: numaNodeId(n),
      type: 'numa',
      data: { node: n, empty: !has },
      draggable: false,
      arrange: 'grid',
      header: BUS_HEADER,
      ...(has ? {} : { width: CARD_W + 2 * PAD, height: BUS_HEADER + 30 }),
    })
  }

  for (const r of tree.roots) emitBus(r, undefined)
  for (const x of tree.expanders) {
    emitBus(x, x.target?.node !== undefined ? numaNodeId(x.target.node) : undefined)
    if (x.address?.type === 'pci' && tree.controllers.has(x.address.bus)) {
      const source = pciNodeId(x.address.bus)
      edges.push({ id: `e:${source}-${pciNodeId(x.index)}`, source, target: pciNodeId(x.index), label: formatAddressShort(x.address) })
    }
  }
  // PCI devices whose bus has no controller (an invalid input the engine let through) still show
  for (const d of expansion.devices) {
    if (d.address?.type === 'pci' && !tree.controllers.has(d.address.bus) && nodeOfDevice[d.id] === undefined) emitCard(d, undefined)
  }

  for (const g of groups) placeBusGroup(model, g, options.groupOpen)
  return model
}
