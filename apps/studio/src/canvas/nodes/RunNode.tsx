import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import { useStudioStore } from '../../store/index.ts'
import type { RunData } from '../flowTypes.ts'
import { Handles } from './common.tsx'

/** Identical siblings collapsed into one card (lstopo's `--no-collapse` turns this off). */
export const RunNode = memo(function RunNode({ data }: NodeProps<Node<RunData, 'run'>>) {
  const expandRun = useStudioStore((s) => s.expandRun)
  return (
    <div className="run" data-testid="run-node" data-count={data.count}>
      <Handles />
      <div className="run-title">+{data.count} more like this</div>
      <div className="run-summary">{data.summary}</div>
      <button
        type="button"
        className="run-expand nodrag"
        data-testid="run-expand"
        onClick={(e) => {
          e.stopPropagation()
          expandRun(data.runId)
        }}
      >
        {data.firstAddress} … {data.lastAddress} · show all
      </button>
    </div>
  )
})
