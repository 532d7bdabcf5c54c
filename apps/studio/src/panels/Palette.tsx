import { useStudioStore } from '../store/index.ts'
import type { OkOutcome } from '../engine/outcome.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'
import { PALETTE, PALETTE_MIME } from './paletteItems.ts'

/** Devices to add: click to let the engine place one, or drag one onto a port or bus. */
export function Palette({ outcome }: { outcome: OkOutcome | null }) {
  const propose = useProposeEdit()
  const select = useStudioStore((s) => s.select)
  const groups = [...new Set(PALETTE.map((p) => p.group))]
  return (
    <aside className="palette" data-testid="palette" aria-label="device palette">
      <h2>Add a device</h2>
      <p className="hint">Click to let the engine place it, or drag it onto a port.</p>
      {groups.map((g) => (
        <section key={g}>
          <h3>{g}</h3>
          {PALETTE.filter((p) => p.group === g).map((item) => (
            <button
              key={item.key}
              type="button"
              className="palette-item"
              data-testid={`palette-${item.key}`}
              draggable
              disabled={!outcome}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, item.key)
                e.dataTransfer.effectAllowed = 'copy'
              }}
              onClick={async () => {
                if (!outcome) return
                const { edits } = useStudioStore.getState()
                const device = item.make(edits, outcome.expansion)
                if (await propose({ type: 'add-device', device, title: item.label })) select(device.id)
              }}
            >
              + {item.label}
            </button>
          ))}
        </section>
      ))}
    </aside>
  )
}
