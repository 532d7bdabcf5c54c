import type { Device, Expansion } from 'devaddr'

import { deviceModel, deviceTitle, formatAddressShort } from './deviceText.ts'
import { CARD_W, type FlowModel, type FlowNodeSpec, GROUP_HEADER, GROUP_ROW, type GroupData, PAD } from './flowTypes.ts'
import { isPciController } from './pciTree.ts'

/** Controllers whose devices hang off them with non-PCI addresses. */
const DRIVE_BUSES = new Set(['sata', 'ide', 'scsi', 'fdc', 'nvme'])
/** How a group names its bus: the type in capitals, unless it is written otherwise. */
const BUS_NAMES: Readonly<Record<string, string>> = { 'virtio-serial': 'virtio-serial', nvme: 'NVMe' }
/** A non-PCI group with more items than this starts closed. */
export const GROUP_OPEN_MAX = 8

/** The devices of one non-PCI bus (or the platform devices), drawn as one list. */
export interface BusGroup {
  /** node id: `grp:sata:0`, `grp:usb:0`, `grp:platform` */
  id: string
  title: string
  /** the controller the bus belongs to, when the expansion has it */
  controller?: Device
  items: Device[]
  /** open unless the user closed it */
  defaultOpen: boolean
}

/** The non-PCI bus a device's address is on: controller type and index (`sata` 0, `usb` 0). */
export function nonPciBusOf(d: Device): { type: string; index: number } | undefined {
  const a = d.address
  switch (a?.type) {
    case 'drive':
      return {
        type: d.kind === 'disk' && DRIVE_BUSES.has(d.bus ?? '') ? d.bus! : d.kind === 'hostdev' ? 'scsi' : (d.bus ?? 'drive'),
        index: a.controller,
      }
    case 'usb':
      return { type: 'usb', index: a.bus }
    case 'virtio-serial':
    case 'ccid':
      return { type: a.type, index: a.controller }
    default:
      return undefined
  }
}

/** The expansion's non-PCI buses with their devices, then the platform devices (no bus at all), if any. */
export function busGroups(expansion: Expansion): BusGroup[] {
  const groups = new Map<string, BusGroup>()
  const platform: Device[] = []
  for (const d of expansion.devices) {
    if (d.address?.type === 'pci' || isPciController(d)) continue
    const bus = nonPciBusOf(d)
    if (!bus) {
      platform.push(d)
      continue
    }
    const id = `grp:${bus.type}:${bus.index}`
    let g = groups.get(id)
    if (!g) {
      const controller = expansion.devices.find((c) => c.kind === 'controller' && c.type === bus.type && c.index === bus.index)
      const title = `${BUS_NAMES[bus.type] ?? bus.type.toUpperCase()} ${bus.index}${controller?.model ? ` (${controller.model})` : ''}`
      g = { id, title, items: [], defaultOpen: true, ...(controller ? { controller } : {}) }
      groups.set(id, g)
    }
    g.items.push(d)
  }
  const out = [...groups.values()].map((g) => ({ ...g, defaultOpen: g.items.length <= GROUP_OPEN_MAX }))
  if (platform.length > 0) out.push({ id: 'grp:platform', title: 'Platform devices', items: platform, defaultOpen: false })
  return out
}

/**
 * Adds a group to a model whose PCI part is drawn: lstopo-style, next to its controller's card,
 * inside the same bus or port, with an edge from the controller. A group whose controller is
 * folded into a run of repeats is folded with it.
 */
export function placeBusGroup(model: FlowModel, group: BusGroup, groupOpen: Readonly<Record<string, boolean>>): void {
  const { controller, items } = group
  const hiddenRun = controller ? model.hiddenIn[controller.id] : undefined
  if (hiddenRun) {
    for (const d of items) {
      model.hiddenIn[d.id] = hiddenRun
      model.nodeOfDevice[d.id] = hiddenRun
    }
    return
  }
  const open = groupOpen[group.id] ?? group.defaultOpen
  const data: GroupData = {
    groupId: group.id,
    title: group.title,
    items: items.map((d) => ({
      deviceId: d.id,
      label: `${deviceTitle(d)}${deviceModel(d) ? ` · ${deviceModel(d)}` : ''}`,
      address: formatAddressShort(d.address),
      origin: d.origin,
    })),
    collapsed: !open,
  }
  if (controller) data.controllerId = controller.id
  const from = controller ? model.nodeOfDevice[controller.id] : undefined
  const at = from ? model.nodes.findIndex((n) => n.id === from) : -1
  const host = at === -1 ? undefined : model.nodes[at]
  const spec: FlowNodeSpec = {
    id: group.id,
    type: 'busgroup',
    data,
    ...(host?.parentId ? { parentId: host.parentId } : {}),
    width: host?.parentId ? CARD_W : CARD_W + 32,
    height: GROUP_HEADER + (open ? items.length * GROUP_ROW + PAD : 0),
    draggable: false,
  }
  if (host) model.nodes.splice(at + 1, 0, spec)
  else model.nodes.push(spec)
  for (const d of items) model.nodeOfDevice[d.id] ??= group.id
  if (from && host) model.edges.push({ id: `e:${from}-${group.id}`, source: from, target: group.id })
}
