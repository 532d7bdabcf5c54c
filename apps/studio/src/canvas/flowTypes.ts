import type { DeviceOrigin } from 'devaddr'

/** Size of a leaf card, and the padding of containers; layout.ts and the node components share them. */
export const CARD_W = 228
export const CARD_H = 92
export const PORT_HEADER = 40
export const BUS_HEADER = 46
export const PAD = 8
export const GROUP_ROW = 20
export const GROUP_HEADER = 40
export const SLOT_HEADER = 28

/** What a card shows of one device. */
export interface DeviceCardData {
  [key: string]: unknown
  deviceId: string
  kind: string
  /** `disk vda`, `interface 52:54:…` */
  title: string
  /** model or bus, `virtio`, `e1000e` */
  model: string
  /** the XML address, `0000:01:00.0` */
  xmlAddress: string
  /** the guest-visible `bus:slot.function`, when the engine exports guestView */
  guestBdf?: string
  origin: DeviceOrigin
  /** the user may move, remove and re-address it */
  editable: boolean
  numaNode?: number
  /** what tells it apart: MAC, network, disk source, host address, alias */
  details?: string[]
  /** an error of the document is about it (an invalid document drawn anyway) */
  marked?: boolean
  /** the model as the XML writes it, when it differs from `model` */
  writtenModel?: string
}

/** A single-slot port: pcie-root-port, pcie-switch-downstream-port. */
export interface PortData {
  [key: string]: unknown
  deviceId: string
  index: number
  model: string
  xmlAddress: string
  guestBdf?: string
  hotplug: 'on' | 'off'
  empty: boolean
  origin: DeviceOrigin
}

/** A multi-slot bus: the root complex, an expander bus, a bridge, a switch's upstream port. */
export interface BusData {
  [key: string]: unknown
  deviceId: string
  index: number
  model: string
  /** where the bus itself is plugged in; none for a root bus */
  xmlAddress?: string
  guestBdf?: string
  freeSlots: number
  origin: DeviceOrigin
  numaNode?: number
}

export interface NumaData {
  [key: string]: unknown
  node: number
  empty: boolean
}

/** A non-PCI bus: SATA/IDE/SCSI disks, USB devices, virtio-serial channels, platform devices. */
export interface GroupData {
  [key: string]: unknown
  groupId: string
  title: string
  /** the controller's device id, when the group hangs off one */
  controllerId?: string
  items: { deviceId: string; label: string; address: string; origin: DeviceOrigin }[]
  collapsed: boolean
}

/** A run of identical siblings collapsed into one card (lstopo's collapsing of repeats). */
export interface RunData {
  [key: string]: unknown
  runId: string
  count: number
  summary: string
  firstAddress: string
  lastAddress: string
}

/** An invisible box keeping a controller card and its group together. */
export interface SlotData {
  [key: string]: unknown
  deviceId: string
}

/** A multifunction slot: the functions of one PCI slot (a GPU and its audio function) drawn together. */
export interface MultifunctionData {
  [key: string]: unknown
  bus: number
  slot: number
  /** `slot 0000:00:01 · 3 functions` */
  title: string
  functions: number
}

export type StudioNodeType = 'device' | 'port' | 'bus' | 'numa' | 'busgroup' | 'run' | 'slot' | 'mfslot'

/** A node before layout: what it is, where it is contained, its size when it is a leaf. */
export interface FlowNodeSpec {
  id: string
  type: StudioNodeType
  data: DeviceCardData | PortData | BusData | NumaData | GroupData | RunData | SlotData | MultifunctionData
  parentId?: string
  /** leaves have a fixed size; containers get theirs from the layout */
  width?: number
  height?: number
  draggable: boolean
  /** how a container arranges its children */
  arrange?: 'grid' | 'stack'
  /** a container's header height */
  header?: number
}

export interface FlowEdgeSpec {
  id: string
  source: string
  target: string
  label?: string
}

/** toFlowElements' result: nodes (parents before children) and edges, without positions. */
export interface FlowModel {
  nodes: FlowNodeSpec[]
  edges: FlowEdgeSpec[]
  /** device id → node that shows it (a card, a port, a bus, a group, or the run hiding it) */
  nodeOfDevice: Record<string, string>
  /** device id → the collapsed run it is hidden in */
  hiddenIn: Record<string, string>
}
