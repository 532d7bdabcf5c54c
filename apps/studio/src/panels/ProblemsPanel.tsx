import { useMemo } from 'react'

import type { OkOutcome } from '../engine/outcome.ts'
import { useStudioStore } from '../store/index.ts'
import { listProblems, type Problem } from './problems.ts'

/** Every warning of the expansion and the last refused edit; each one selects its device. */
export function ProblemsPanel({ outcome, documentErrors = [] }: { outcome: OkOutcome | null; documentErrors?: Problem[] }) {
  const notice = useStudioStore((s) => s.notice)
  const focus = useStudioStore((s) => s.focus)
  const expansion = outcome?.expansion
  const problems = useMemo(
    () => [...documentErrors, ...listProblems(expansion?.warnings ?? [], notice, new Set(expansion?.devices.map((d) => d.id)))],
    [expansion, notice, documentErrors],
  )
  return (
    <section className="problems" data-testid="problems" data-count={problems.length}>
      <h2>
        Problems <span className="count">{problems.length}</span>
      </h2>
      {problems.length === 0 && <p className="hint">No errors or warnings.</p>}
      <ul>
        {problems.map((p, i) => (
          <li
            key={i}
            className={`problem ${p.kind}`}
            data-testid="problem"
            data-kind={p.kind}
            data-code={p.code}
            data-device-id={p.deviceId}
          >
            {p.deviceId === undefined ? (
              <span>{p.text}</span>
            ) : (
              <button type="button" className="linklike" onClick={() => focus(p.deviceId!)} title={`show ${p.deviceId}`}>
                {p.text}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
