import type { Node, NodeProps } from '@xyflow/react'
import { memo } from 'react'

import { useStudioStore } from '../../store/index.ts'
import type { DeviceCardData } from '../flowTypes.ts'
import { cx, Handles, kindFamily, OriginBadge, useFarZoom } from './common.tsx'

/** A device plugged into a PCI slot: kind, model, what identifies it, XML address, guest BDF, origin. */
export const DeviceNode = memo(function DeviceNode({ data }: NodeProps<Node<DeviceCardData, 'device'>>) {
  const selected = useStudioStore((s) => s.selectedId === data.deviceId)
  const added = useStudioStore((s) => s.highlightAdded && data.origin !== 'input')
  const search = useStudioStore((s) => (s.search.trim() === '' ? undefined : s.searchHits.includes(data.deviceId) ? 'hit' : 'miss'))
  const far = useFarZoom()
  const model = data.writtenModel ?? data.model
  const details = data.details?.join(' · ')
  // note: the far (boxes only) and near cards share their classes and the attributes tests and search read
  const classes = [
    `fam-${kindFamily(data.kind)}`,
    selected && 'selected',
    added && 'added',
    data.marked && 'marked',
    search && `search-${search}`,
  ]
  const attributes = {
    'data-testid': 'device-node',
    'data-device-id': data.deviceId,
    'data-kind': data.kind,
    'data-origin': data.origin,
    'data-address': data.xmlAddress,
    'data-marked': data.marked ? 'true' : undefined,
    'data-search': search,
  }
  if (far)
    return (
      <div className={cx('card', 'lod', ...classes)} {...attributes} data-lod="far">
        <Handles />
      </div>
    )
  return (
    <div
      className={cx('card', ...classes, data.editable && 'editable')}
      {...attributes}
      title={[data.title, model, details, data.xmlAddress, data.editable ? 'Drag onto a free port or bus to move it' : undefined]
        .filter(Boolean)
        .join('\n')}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          useStudioStore.getState().select(data.deviceId)
        }
      }}
    >
      <Handles />
      <div className="card-title">
        {data.marked && (
          <span className="card-error" title="an error of the document is about this device">
            error
          </span>
        )}
        <span className="card-name">{data.title}</span>
        <OriginBadge origin={data.origin} />
      </div>
      <div className="card-model">
        {model}
        {data.numaNode !== undefined && <span className="numa-pin"> · NUMA {data.numaNode}</span>}
      </div>
      {details && (
        <div className="card-details" data-testid="card-details">
          {details}
        </div>
      )}
      <div className="card-addr">
        <span data-testid="xml-address" title="address in the domain XML">
          {data.xmlAddress}
        </span>
        {data.guestBdf && (
          <span className="guest" data-testid="guest-bdf" title="bus:slot.function as the guest sees it">
            guest {data.guestBdf}
          </span>
        )}
      </div>
    </div>
  )
})
