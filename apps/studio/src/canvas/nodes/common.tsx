import { Handle, Position, type ReactFlowState, useStore } from '@xyflow/react'
import type { DeviceOrigin } from 'devaddr'

/** Colour family of a device kind, shared by the cards, the minimap and the legend. */
export function kindFamily(kind: string): 'storage' | 'network' | 'passthrough' | 'controller' | 'input' | 'other' {
  switch (kind) {
    case 'disk':
    case 'filesystem':
      return 'storage'
    case 'interface':
      return 'network'
    case 'hostdev':
      return 'passthrough'
    case 'controller':
      return 'controller'
    case 'input':
    case 'hub':
    case 'redirdev':
    case 'channel':
    case 'console':
    case 'serial':
      return 'input'
    default:
      return 'other'
  }
}

const ORIGIN_LABEL: Record<DeviceOrigin, string> = {
  input: 'user',
  default: 'default',
  implicit: 'implicit',
  auto: 'auto',
}

/** `user` / `auto` / `default` / `implicit`: whether the device was given or the engine added it. */
export function OriginBadge({ origin }: { origin: DeviceOrigin }) {
  return (
    <span
      className={`origin origin-${origin}`}
      data-testid="origin"
      title={origin === 'input' ? 'given in the input' : `added by the engine (${origin})`}
    >
      {ORIGIN_LABEL[origin]}
    </span>
  )
}

/** Invisible connection points: edges need them, users never connect anything by hand. */
export function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} className="handle" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="handle" />
    </>
  )
}

export const cx = (...names: (string | false | undefined | null)[]) => names.filter(Boolean).join(' ')

/** Below this zoom a card's text is a few pixels high: nodes are drawn as bare boxes (level of detail). */
export const FAR_ZOOM = 0.35

const farSelector = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM

/**
 * True while the canvas is zoomed out below FAR_ZOOM. A node re-renders only when this flips, not
 * on every zoom step, so drawing boxes without text makes panning a whole large domain cheap.
 */
export function useFarZoom(): boolean {
  return useStore(farSelector)
}
