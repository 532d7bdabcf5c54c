import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import type { NumaData } from '../flowTypes.ts'
import { Handles } from './common.tsx'

/** A guest NUMA node: the expander buses local to it are drawn inside (lstopo's containment). */
export const NumaNode = memo(function NumaNode({ data }: NodeProps<Node<NumaData, 'numa'>>) {
  return (
    <div className="numa" data-testid="numa-node" data-node={data.node}>
      <Handles />
      <div className="numa-header">NUMA node {data.node}</div>
      {data.empty && <div className="numa-empty">no device pinned to this node</div>}
    </div>
  )
})
