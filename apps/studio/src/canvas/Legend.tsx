import { useState } from 'react'

const FAMILIES = [
  ['storage', 'disk / storage'],
  ['network', 'network interface'],
  ['passthrough', 'PCI passthrough (hostdev)'],
  ['controller', 'controller'],
  ['input', 'input, USB, serial'],
  ['other', 'other device'],
] as const

/** What the colours and shapes mean. */
export function Legend() {
  const [open, setOpen] = useState(true)
  return (
    <div className="legend" data-testid="legend">
      <button type="button" className="legend-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? '▾' : '▸'} Legend
      </button>
      {open && (
        <ul>
          {FAMILIES.map(([fam, label]) => (
            <li key={fam}>
              <span className={`swatch fam-${fam}`} /> {label}
            </li>
          ))}
          <li>
            <span className="swatch swatch-port" /> port (holds one device)
          </li>
          <li>
            <span className="swatch swatch-empty" /> empty port: drop target
          </li>
          <li>
            <span className="swatch swatch-numa" /> guest NUMA node
          </li>
          <li>
            <span className="origin origin-auto">auto</span> added by the engine · <span className="origin origin-input">user</span> given
          </li>
          <li className="legend-addr">
            <code>0000:01:00.0</code> XML address · <code>guest 01:00.0</code> as the guest sees it
          </li>
        </ul>
      )}
    </div>
  )
}
