import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import type { MultifunctionData } from '../flowTypes.ts'
import { Handles } from './common.tsx'

/** One PCI slot holding several functions (a GPU and its audio function): drawn around them. */
export const MultifunctionNode = memo(function MultifunctionNode({ data }: NodeProps<Node<MultifunctionData, 'mfslot'>>) {
  return (
    <div className="mfslot" data-testid="multifunction-slot" data-bus={data.bus} data-slot={data.slot} data-functions={data.functions}>
      <Handles />
      <div className="mfslot-header" title="one PCI slot, several functions: the guest sees one multifunction device">
        {data.title}
      </div>
    </div>
  )
})
