import { formatAddress } from '@devaddr/formats'
import { type Device, type PciAddress, pciBusSlots } from 'devaddr'
import { useEffect, useState } from 'react'

import { deviceModel, deviceTitle } from '../canvas/deviceText.ts'
import { OriginBadge } from '../canvas/nodes/common.tsx'
import { editableIds } from '../engine/edits.ts'
import type { OkOutcome } from '../engine/outcome.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'
import { useStudioStore } from '../store/index.ts'
import { DeviceProperties } from './DeviceProperties.tsx'
import { warningsAbout } from './problems.ts'

function xmlAddressText(d: Device): string {
  if (!d.address) return 'none'
  const { attributes } = formatAddress(d.address)
  return `<address ${attributes.map(([k, v]) => `${k}='${v}'`).join(' ')}/>`
}

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0')

/** Bus/slot/function fields for a PCI address, applied through the engine. */
function AddressEditor({ device, onApply, onClear }: { device: Device; onApply: (a: PciAddress) => void; onClear: () => void }) {
  const a = device.address?.type === 'pci' ? device.address : undefined
  const [bus, setBus] = useState('')
  const [slot, setSlot] = useState('')
  const [fn, setFn] = useState('')
  useEffect(() => {
    setBus(a ? hex(a.bus, 2) : '')
    setSlot(a ? hex(a.slot, 2) : '')
    setFn(a ? a.function.toString(16) : '')
  }, [a])
  const parse = (s: string) => (/^(0x)?[0-9a-f]+$/i.test(s.trim()) ? parseInt(s.trim().replace(/^0x/i, ''), 16) : NaN)
  const values = [parse(bus), parse(slot), parse(fn)] as const
  const valid = values.every((v) => Number.isFinite(v))
  return (
    <form
      className="address-editor"
      data-testid="address-editor"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) onApply({ type: 'pci', domain: a?.domain ?? 0, bus: values[0], slot: values[1], function: values[2] })
      }}
    >
      <label>
        bus <input data-testid="addr-bus" value={bus} onChange={(e) => setBus(e.target.value)} size={4} />
      </label>
      <label>
        slot <input data-testid="addr-slot" value={slot} onChange={(e) => setSlot(e.target.value)} size={4} />
      </label>
      <label>
        fn <input data-testid="addr-function" value={fn} onChange={(e) => setFn(e.target.value)} size={2} />
      </label>
      <button type="submit" disabled={!valid} data-testid="addr-apply">
        Apply
      </button>
      <button type="button" onClick={onClear} data-testid="addr-clear" title="forget the given address and let the engine choose">
        Let the engine choose
      </button>
    </form>
  )
}

/** The selected device: its addresses, why it is there, and what can be changed. */
export function Inspector({ outcome }: { outcome: OkOutcome | null }) {
  const selectedId = useStudioStore((s) => s.selectedId)
  const edits = useStudioStore((s) => s.edits)
  const select = useStudioStore((s) => s.select)
  const propose = useProposeEdit()
  const device = outcome?.expansion.devices.find((d) => d.id === selectedId)
  if (!outcome || !device) {
    return (
      <section className="inspector" data-testid="inspector" data-empty="true">
        <h2>Inspector</h2>
        <p className="hint">Select a device, port or bus to see its address and why it is there.</p>
      </section>
    )
  }
  const editable = editableIds(outcome.summary.inputIds, edits).has(device.id)
  const explanation = outcome.expansion.explanations.find((x) => x.device === device.id)
  const guest = outcome.guest?.[device.id]
  const numaNodes = edits.numaNodes ?? outcome.summary.numaNodes
  const isPort = device.kind === 'controller' && device.type === 'pci' && (pciBusSlots(device.model)?.takesOneDevice ?? false)
  const pinned = Object.hasOwn(edits.addresses, device.id)
  const label = deviceTitle(device)
  const warnings = warningsAbout(outcome.expansion.warnings, device.id)

  const setAddress = (a: PciAddress | null) =>
    propose(
      a
        ? { type: 'set-address', deviceId: device.id, title: label, address: a }
        : { type: 'clear-address', deviceId: device.id, title: label },
    )

  return (
    <section className="inspector" data-testid="inspector" data-device-id={device.id}>
      <h2>
        {label} <OriginBadge origin={device.origin} />
      </h2>
      <dl className="facts">
        <dt>kind</dt>
        <dd data-testid="inspector-kind">{device.kind}</dd>
        <dt>model</dt>
        <dd>{deviceModel(device) || '—'}</dd>
        <dt>id</dt>
        <dd>
          <code>{device.id}</code>
        </dd>
        <dt>origin</dt>
        <dd data-testid="inspector-origin">
          {device.origin === 'input' ? 'given in the input' : `added by the engine (${device.origin})`}
        </dd>
        <dt>XML address</dt>
        <dd>
          <code data-testid="inspector-address">{xmlAddressText(device)}</code>
          {pinned && <span className="pinned"> · set by you</span>}
        </dd>
        <dt>guest sees</dt>
        <dd data-testid="inspector-guest">{guest ?? (device.address?.type === 'pci' ? 'unknown' : 'not a PCI device')}</dd>
        {device.kind === 'controller' && device.index !== undefined && (
          <>
            <dt>index</dt>
            <dd>{device.index}</dd>
          </>
        )}
        {device.target && (
          <>
            <dt>target</dt>
            <dd>
              <code>
                {Object.entries(device.target)
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join(' ')}
              </code>
            </dd>
          </>
        )}
        {device.numaNode !== undefined && (
          <>
            <dt>NUMA node</dt>
            <dd>{device.numaNode}</dd>
          </>
        )}
      </dl>

      <DeviceProperties device={device} facts={outcome.facts[device.id]} title={label} editable={editable} />

      <h3>Why here</h3>
      {explanation && explanation.steps.length > 0 ? (
        <ol className="why" data-testid="why">
          {explanation.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      ) : (
        <p className="hint" data-testid="why">
          {device.address ? 'Its address was given in the input, or the engine did not record a reason.' : 'This device has no address.'}
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="problems-inline">
          {warnings.map((w, i) => (
            <li key={i}>⚠ {w.message}</li>
          ))}
        </ul>
      )}

      {isPort && device.index !== undefined && (
        <>
          <h3>Hotplug</h3>
          <label className="switch">
            <input
              type="checkbox"
              data-testid="port-hotplug"
              checked={(device.target?.hotplug ?? 'on') === 'on'}
              onChange={(e) => {
                const port = { ...device, index: device.index! }
                void propose({ type: 'set-port-hotplug', port, hotplug: e.target.checked ? 'on' : 'off' }).then((ok) => {
                  if (ok) select(device.id)
                })
              }}
            />{' '}
            hotplug allowed on this port
          </label>
        </>
      )}

      {editable && (
        <>
          <h3>PCI address</h3>
          {device.address === undefined || device.address.type === 'pci' ? (
            <AddressEditor device={device} onApply={(a) => void setAddress(a)} onClear={() => void setAddress(null)} />
          ) : (
            <p className="hint">Not on a PCI bus.</p>
          )}
          {numaNodes > 0 && device.address?.type === 'pci' && device.kind !== 'controller' && (
            <>
              <h3>Guest NUMA node</h3>
              <select
                data-testid="numa-pin"
                value={edits.numaPins[device.id] ?? ''}
                onChange={(e) => {
                  const v = e.target.value
                  void propose(
                    v === ''
                      ? { type: 'unpin-numa', deviceId: device.id, title: label }
                      : { type: 'pin-numa', deviceId: device.id, title: label, node: Number(v) },
                  )
                }}
              >
                <option value="">not pinned</option>
                {Array.from({ length: numaNodes }, (_, n) => (
                  <option key={n} value={n}>
                    node {n}
                  </option>
                ))}
              </select>
            </>
          )}
          <h3>Remove</h3>
          <button
            type="button"
            className="danger"
            data-testid="remove-device"
            onClick={async () => {
              if (await propose({ type: 'remove-device', deviceId: device.id, title: label })) select(null)
            }}
          >
            Remove {label}
          </button>
        </>
      )}
    </section>
  )
}
