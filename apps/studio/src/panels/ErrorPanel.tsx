import type { StudioError } from '../engine/runExpansion.ts'
import { formatStudioError } from '../engine/runExpansion.ts'

/** Why a document cannot be shown: an XML error with its line and the lines around it, or the engine's errors. */
export function ErrorPanel({ title, error, xml }: { title: string; error: StudioError; xml?: string }) {
  const line = error.kind === 'xml' ? error.line : undefined
  const lines = xml?.split('\n') ?? []
  const from = line === undefined ? 0 : Math.max(1, line - 3)
  const to = line === undefined ? 0 : Math.min(lines.length, line + 2)
  return (
    <div className="error-panel" role="alert" data-testid="expand-error" data-kind={error.kind} data-line={line}>
      <strong>{title}</strong>
      <pre data-testid="error-message">{formatStudioError(error)}</pre>
      {line !== undefined && lines.length > 0 && (
        <pre className="error-context" data-testid="error-context">
          {lines.slice(from - 1, to).map((text, i) => {
            const n = from + i
            return (
              <div key={n} className={n === line ? 'error-line' : undefined}>
                <span className="lineno">{String(n).padStart(4)}</span> {text}
              </div>
            )
          })}
        </pre>
      )}
      <p className="hint">Fix the document and open it again, or press Undo to go back.</p>
    </div>
  )
}
