import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import { useStudioStore } from '../../store/index.ts'
import type { BusData } from '../flowTypes.ts'
import { busTitle } from '../nodeTitles.ts'
import { cx, Handles, OriginBadge } from './common.tsx'

/** A bus with many slots: the root complex, an expander bus, a bridge, a switch; holds what is plugged in. */
export const BusNode = memo(function BusNode({ data }: NodeProps<Node<BusData, 'bus'>>) {
  const selected = useStudioStore((s) => s.selectedId === data.deviceId)
  const dropping = useStudioStore((s) => s.dropTargetId === `pci:${data.index}`)
  const added = useStudioStore((s) => s.highlightAdded && data.origin !== 'input')
  const root = data.xmlAddress === undefined
  return (
    <div
      className={cx('bus', root && 'root', `bus-${data.model}`, selected && 'selected', dropping && 'drop-target', added && 'added')}
      data-testid="bus-node"
      data-index={data.index}
      data-model={data.model}
      data-origin={data.origin}
    >
      <Handles />
      <div className="bus-header">
        <span className="bus-name">
          {busTitle(data.model)} <span className="bus-model">{data.model}</span> · bus <b>{data.index}</b>
        </span>
        <OriginBadge origin={data.origin} />
      </div>
      <div className="bus-sub">
        {data.xmlAddress ? `at ${data.xmlAddress}` : 'root bus'}
        {data.guestBdf && ` · guest ${data.guestBdf}`}
        {data.numaNode !== undefined && ` · NUMA node ${data.numaNode}`} · {data.freeSlots} free slot{data.freeSlots === 1 ? '' : 's'}
      </div>
    </div>
  )
})
