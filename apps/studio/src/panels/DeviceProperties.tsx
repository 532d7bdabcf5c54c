import type { Device } from 'devaddr'
import { useEffect, useState } from 'react'

import { type DeviceFacts, type DeviceProps, type DiskSource, propsProblem } from '../engine/deviceProps.ts'
import { useProposeEdit } from '../queries/expansionQuery.ts'

/** The models a user can pick, per kind (and controller type); libvirt's names. */
export function modelChoices(d: Device): readonly string[] | undefined {
  switch (d.kind) {
    case 'controller':
      if (d.type === 'scsi') return ['virtio-scsi', 'lsilogic', 'lsisas1068', 'lsisas1078']
      if (d.type === 'usb') return ['qemu-xhci', 'nec-xhci', 'ich9-ehci1', 'piix3-uhci', 'piix4-uhci']
      return undefined
    case 'video':
      return ['virtio', 'vga', 'bochs', 'qxl', 'cirrus', 'ramfb']
    case 'sound':
      return ['ich9', 'ich6', 'ich7', 'ac97', 'es1370']
    case 'interface':
      return ['virtio', 'e1000e', 'e1000', 'rtl8139']
    default:
      return undefined
  }
}

function defaultsFor(d: Device): DeviceProps | undefined {
  if (d.kind === 'disk')
    return { kind: 'disk', source: d.diskDevice === 'cdrom' ? { type: 'none' } : { type: 'file', path: '' }, format: 'qcow2' }
  if (d.kind === 'interface') return { kind: 'interface', type: 'network', source: 'default', mac: '' }
  if (d.kind === 'rng') return { kind: 'rng', backend: '/dev/urandom' }
  if (d.kind === 'hostdev' && d.type === 'pci') return { kind: 'hostdev', hostAddress: d.hostAddress ?? '', managed: true }
  return undefined
}

/** The inspector's device properties: disk source, NIC network and MAC, hostdev host address, model. */
export function DeviceProperties({
  device,
  facts,
  title,
  editable,
}: {
  device: Device
  facts: DeviceFacts | undefined
  title: string
  editable: boolean
}) {
  const propose = useProposeEdit()
  const current = facts?.props ?? defaultsFor(device)
  const [draft, setDraft] = useState<DeviceProps | undefined>(current)
  const key = JSON.stringify(current)
  useEffect(() => setDraft(current), [key]) // eslint-disable-line react-hooks/exhaustive-deps
  const models = modelChoices(device)
  const model = facts?.model ?? device.model ?? ''
  if (!current && !models) return null
  const problem = draft ? propsProblem(draft, device.diskDevice) : undefined
  const changed = JSON.stringify(draft) !== key
  return (
    <>
      <h3>Properties</h3>
      <form
        className="props-editor"
        data-testid="props-editor"
        onSubmit={(e) => {
          e.preventDefault()
          if (draft && !problem) void propose({ type: 'set-device-props', deviceId: device.id, title, props: draft })
        }}
      >
        {models && (
          <label>
            model{' '}
            <select
              data-testid="prop-model"
              value={model}
              disabled={!editable}
              onChange={(e) => void propose({ type: 'set-device-model', deviceId: device.id, title, model: e.target.value })}
            >
              {!models.includes(model) && <option value={model}>{model || '(default)'}</option>}
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        )}
        {draft?.kind === 'disk' && (
          <DiskFields
            props={draft}
            cdrom={device.diskDevice === 'cdrom' || device.diskDevice === 'floppy'}
            onChange={setDraft}
            disabled={!editable}
          />
        )}
        {draft?.kind === 'interface' && <NicFields props={draft} onChange={setDraft} disabled={!editable} />}
        {draft?.kind === 'hostdev' && <HostdevFields props={draft} onChange={setDraft} disabled={!editable} />}
        {draft?.kind === 'rng' && (
          <label>
            entropy source{' '}
            <input
              data-testid="prop-rng-backend"
              value={draft.backend}
              disabled={!editable}
              onChange={(e) => setDraft({ kind: 'rng', backend: e.target.value.trim() })}
            />
          </label>
        )}
        {draft && editable && (
          <div className="props-actions">
            <button type="submit" data-testid="props-apply" disabled={!changed || problem !== undefined}>
              Apply
            </button>
            {problem && changed && (
              <span className="props-problem" data-testid="props-problem" role="alert">
                {problem}
              </span>
            )}
          </div>
        )}
      </form>
    </>
  )
}

function DiskFields({
  props,
  cdrom,
  onChange,
  disabled,
}: {
  props: Extract<DeviceProps, { kind: 'disk' }>
  cdrom: boolean
  onChange: (p: DeviceProps) => void
  disabled: boolean
}) {
  const s = props.source
  const setSource = (source: DiskSource) => onChange({ ...props, source })
  return (
    <>
      <label>
        source{' '}
        <select
          data-testid="prop-disk-type"
          value={s.type}
          disabled={disabled}
          onChange={(e) => {
            const t = e.target.value as DiskSource['type']
            const path = 'path' in s ? s.path : ''
            setSource(
              t === 'none'
                ? { type: 'none' }
                : t === 'network'
                  ? { type: 'network', protocol: 'nbd', name: '', host: '' }
                  : { type: t, path: t === 'block' && path === '' ? '/dev/' : path },
            )
          }}
        >
          <option value="file">file</option>
          <option value="block">block device</option>
          <option value="network">network</option>
          {cdrom && <option value="none">empty (no medium)</option>}
        </select>
      </label>
      {(s.type === 'file' || s.type === 'block') && (
        <label>
          path{' '}
          <input
            data-testid="prop-disk-path"
            value={s.path}
            disabled={disabled}
            onChange={(e) => setSource({ ...s, path: e.target.value })}
            size={34}
          />
        </label>
      )}
      {s.type === 'network' && (
        <>
          <label>
            protocol{' '}
            <select
              data-testid="prop-disk-protocol"
              value={s.protocol}
              disabled={disabled}
              onChange={(e) => setSource({ ...s, protocol: e.target.value as typeof s.protocol })}
            >
              {['nbd', 'iscsi', 'rbd', 'http', 'https'].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            name{' '}
            <input
              data-testid="prop-disk-name"
              value={s.name}
              disabled={disabled}
              onChange={(e) => setSource({ ...s, name: e.target.value })}
            />
          </label>
          <label>
            host{' '}
            <input
              data-testid="prop-disk-host"
              value={s.host}
              disabled={disabled}
              onChange={(e) => setSource({ ...s, host: e.target.value })}
            />
          </label>
        </>
      )}
      {s.type !== 'none' && (
        <label>
          format{' '}
          <select
            data-testid="prop-disk-format"
            value={props.format}
            disabled={disabled}
            onChange={(e) => onChange({ ...props, format: e.target.value as 'qcow2' | 'raw' })}
          >
            <option>qcow2</option>
            <option>raw</option>
          </select>
        </label>
      )}
    </>
  )
}

function NicFields({
  props,
  onChange,
  disabled,
}: {
  props: Extract<DeviceProps, { kind: 'interface' }>
  onChange: (p: DeviceProps) => void
  disabled: boolean
}) {
  return (
    <>
      <label>
        type{' '}
        <select
          data-testid="prop-nic-type"
          value={props.type}
          disabled={disabled}
          onChange={(e) => {
            const type = e.target.value as typeof props.type
            onChange({ ...props, type, source: type === 'network' ? 'default' : type === 'bridge' ? 'br0' : '' })
          }}
        >
          <option value="network">virtual network</option>
          <option value="bridge">host bridge</option>
          <option value="user">user (SLIRP)</option>
        </select>
      </label>
      {props.type !== 'user' && (
        <label>
          {props.type}{' '}
          <input
            data-testid="prop-nic-source"
            value={props.source}
            disabled={disabled}
            onChange={(e) => onChange({ ...props, source: e.target.value })}
          />
        </label>
      )}
      <label>
        MAC{' '}
        <input
          data-testid="prop-nic-mac"
          value={props.mac}
          disabled={disabled}
          onChange={(e) => onChange({ ...props, mac: e.target.value.trim() })}
          size={17}
        />
      </label>
    </>
  )
}

function HostdevFields({
  props,
  onChange,
  disabled,
}: {
  props: Extract<DeviceProps, { kind: 'hostdev' }>
  onChange: (p: DeviceProps) => void
  disabled: boolean
}) {
  return (
    <>
      <label title="domain:bus:slot.function of the device on the host (lspci -D)">
        host address{' '}
        <input
          data-testid="prop-host-address"
          value={props.hostAddress}
          disabled={disabled}
          onChange={(e) => onChange({ ...props, hostAddress: e.target.value.trim() })}
          size={14}
        />
      </label>
      <label title="managed: libvirt detaches the device from its host driver at start and gives it back at stop">
        <input
          type="checkbox"
          data-testid="prop-host-managed"
          checked={props.managed}
          disabled={disabled}
          onChange={(e) => onChange({ ...props, managed: e.target.checked })}
        />{' '}
        managed by libvirt
      </label>
    </>
  )
}
