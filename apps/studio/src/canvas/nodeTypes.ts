import type { NodeTypes } from '@xyflow/react'

import { BusNode } from './nodes/BusNode.tsx'
import { DeviceNode } from './nodes/DeviceNode.tsx'
import { GroupNode } from './nodes/GroupNode.tsx'
import { MultifunctionNode } from './nodes/MultifunctionNode.tsx'
import { NumaNode } from './nodes/NumaNode.tsx'
import { PortNode } from './nodes/PortNode.tsx'
import { RunNode } from './nodes/RunNode.tsx'
import { SlotNode } from './nodes/SlotNode.tsx'

/** At module scope: React Flow warns when nodeTypes is a new object on each render (error002). */
export const nodeTypes: NodeTypes = {
  device: DeviceNode,
  port: PortNode,
  bus: BusNode,
  numa: NumaNode,
  // note: not 'group', which React Flow styles as its own built-in group node
  busgroup: GroupNode,
  run: RunNode,
  slot: SlotNode,
  mfslot: MultifunctionNode,
}
