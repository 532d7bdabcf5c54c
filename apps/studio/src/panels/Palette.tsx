import type { OkOutcome } from '../engine/outcome.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'
import { useStudioStore } from '../store/index.ts'
import { machineFamily, PALETTE, PALETTE_MIME, paletteAction, type PaletteContext, unavailableReason } from './paletteItems.ts'

/** What palette entries read to make their devices, from the store and the current outcome. */
export function paletteContext(outcome: OkOutcome): PaletteContext {
  const { edits, source } = useStudioStore.getState()
  return { edits, expansion: outcome.expansion, facts: outcome.facts, docName: source?.name ?? 'vm' }
}

/** Devices to add: click to let the engine place one, or drag one onto a port or bus. */
export function Palette({ outcome }: { outcome: OkOutcome | null }) {
  const propose = useProposeEdit()
  const select = useStudioStore((s) => s.select)
  const family = outcome ? machineFamily(outcome.expansion) : 'other'
  const groups = [...new Set(PALETTE.map((p) => p.group))]
  return (
    <aside className="palette" data-testid="palette" aria-label="device palette" data-machine={family}>
      <h2>Add a device</h2>
      <p className="hint">Click to let the engine place it, or drag it onto a port.</p>
      {groups.map((g) => {
        const items = PALETTE.filter((p) => p.group === g && unavailableReason(p, family) === undefined)
        if (items.length === 0) return null
        return (
          <section key={g}>
            <h3>{g}</h3>
            {items.map((item) => (
              <button
                key={item.key}
                type="button"
                className="palette-item"
                data-testid={`palette-${item.key}`}
                title={item.hint}
                draggable
                disabled={!outcome}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PALETTE_MIME, item.key)
                  e.dataTransfer.effectAllowed = 'copy'
                }}
                onClick={async () => {
                  if (!outcome) return
                  const { action, select: id } = paletteAction(item, paletteContext(outcome))
                  if (await propose(action)) select(id)
                }}
              >
                + {item.label}
              </button>
            ))}
          </section>
        )
      })}
    </aside>
  )
}
