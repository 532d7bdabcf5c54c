import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import { useStudioStore } from '../../store/index.ts'
import type { GroupData } from '../flowTypes.ts'
import { cx, Handles } from './common.tsx'

/** A non-PCI bus (SATA, IDE, SCSI, USB, virtio-serial) and the devices on it; collapsible. */
export const GroupNode = memo(function GroupNode({ data }: NodeProps<Node<GroupData, 'busgroup'>>) {
  const selectedId = useStudioStore((s) => s.selectedId)
  const highlight = useStudioStore((s) => s.highlightAdded)
  const setGroupOpen = useStudioStore((s) => s.setGroupOpen)
  const select = useStudioStore((s) => s.select)
  return (
    <div className={cx('group', data.collapsed && 'collapsed')} data-testid="group-node" data-group={data.groupId}>
      <Handles />
      <button
        type="button"
        className="group-header nodrag"
        data-testid="group-toggle"
        aria-expanded={!data.collapsed}
        onClick={(e) => {
          e.stopPropagation()
          setGroupOpen(data.groupId, data.collapsed)
        }}
      >
        <span>{data.collapsed ? '▸' : '▾'}</span> {data.title}
        <span className="group-count">
          {data.items.length} device{data.items.length === 1 ? '' : 's'}
        </span>
      </button>
      {!data.collapsed && (
        <ul className="group-items">
          {data.items.map((item) => (
            <li
              key={item.deviceId}
              className={cx(
                'group-item',
                'nodrag',
                selectedId === item.deviceId && 'selected',
                highlight && item.origin !== 'input' && 'added',
              )}
              data-testid="group-item"
              data-device-id={item.deviceId}
              data-origin={item.origin}
              onClick={(e) => {
                e.stopPropagation()
                select(item.deviceId)
              }}
            >
              <span className="item-label">{item.label}</span>
              <span className="item-addr">{item.address}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
})
