import { deviceLabel, formatPciAddress, type Device } from 'devaddr'

import type { OkOutcome } from '../engine/outcome.ts'
import { useStudioStore } from '../store/index.ts'

/** The device a message is about: the one whose label or PCI address it names. */
export function deviceNamedIn(message: string, devices: readonly Device[]): Device | undefined {
  return (
    devices.find((d) => message.includes(deviceLabel(d))) ??
    devices.find((d) => d.address?.type === 'pci' && message.includes(formatPciAddress(d.address)))
  )
}

/** Every warning of the expansion and the last refused edit; each one selects its device. */
export function ProblemsPanel({ outcome }: { outcome: OkOutcome | null }) {
  const notice = useStudioStore((s) => s.notice)
  const focus = useStudioStore((s) => s.focus)
  const warnings = outcome?.expansion.warnings ?? []
  const devices = outcome?.expansion.devices ?? []
  const refused = notice?.kind === 'error' ? notice.text : null
  const count = warnings.length + (refused ? 1 : 0)
  return (
    <section className="problems" data-testid="problems" data-count={count}>
      <h2>
        Problems <span className="count">{count}</span>
      </h2>
      {count === 0 && <p className="hint">No errors or warnings.</p>}
      <ul>
        {refused && (
          <li className="problem error" data-testid="problem" data-kind="error">
            <ProblemText text={refused} device={deviceNamedIn(refused, devices)} onFocus={focus} />
          </li>
        )}
        {warnings.map((w, i) => (
          <li key={i} className="problem warning" data-testid="problem" data-kind="warning" data-code={w.code}>
            <ProblemText text={`${w.code}: ${w.message}`} device={deviceNamedIn(w.message, devices)} onFocus={focus} />
          </li>
        ))}
      </ul>
    </section>
  )
}

function ProblemText({ text, device, onFocus }: { text: string; device: Device | undefined; onFocus: (id: string) => void }) {
  if (!device) return <span>{text}</span>
  return (
    <button type="button" className="linklike" onClick={() => onFocus(device.id)} title={`show ${device.id}`}>
      {text}
    </button>
  )
}
