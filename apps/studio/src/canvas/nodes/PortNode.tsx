import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import { useStudioStore } from '../../store/index.ts'
import type { PortData } from '../flowTypes.ts'
import { portTitle } from '../nodeTitles.ts'
import { cx, Handles, OriginBadge, useFarZoom } from './common.tsx'

/** A single-slot port (root port, switch downstream port), holding its device or empty. */
export const PortNode = memo(function PortNode({ data }: NodeProps<Node<PortData, 'port'>>) {
  const selected = useStudioStore((s) => s.selectedId === data.deviceId)
  const dropping = useStudioStore((s) => s.dropTargetId === `pci:${data.index}`)
  const added = useStudioStore((s) => s.highlightAdded && data.origin !== 'input')
  const far = useFarZoom()
  if (far)
    return (
      <div
        className={cx('port', 'lod', data.empty && 'empty', selected && 'selected', dropping && 'drop-target', added && 'added')}
        data-testid="port-node"
        data-index={data.index}
        data-empty={data.empty}
        data-hotplug={data.hotplug}
        data-origin={data.origin}
        data-address={data.xmlAddress}
        data-lod="far"
      >
        <Handles />
      </div>
    )
  return (
    <div
      className={cx('port', data.empty && 'empty', selected && 'selected', dropping && 'drop-target', added && 'added')}
      data-testid="port-node"
      data-index={data.index}
      data-empty={data.empty}
      data-hotplug={data.hotplug}
      data-origin={data.origin}
      data-address={data.xmlAddress}
    >
      <Handles />
      <div className="port-header">
        <span className="port-name">
          {portTitle(data.model)} <b>#{data.index}</b>
        </span>
        <span className={cx('hotplug', `hotplug-${data.hotplug}`)} title="hotplug of this port">
          {data.hotplug === 'on' ? '⚡ hotplug' : 'no hotplug'}
        </span>
        <OriginBadge origin={data.origin} />
      </div>
      <div className="port-addr">
        {data.xmlAddress}
        {data.guestBdf && <span className="guest"> · guest {data.guestBdf}</span>}
      </div>
      {data.empty && <div className="port-empty">empty · drop a device here</div>}
    </div>
  )
})
