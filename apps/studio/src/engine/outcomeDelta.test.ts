import { describe, expect, it } from 'vitest'

import { type Edits, NO_EDITS } from './edits.ts'
import { finishOutcome, type StudioOutcome } from './finishOutcome.ts'
import { decodeOutcome, encodeOutcome } from './outcomeDelta.ts'
import { runExpansion } from './runExpansion.ts'

const XML = `<domain type='kvm'>
  <name>t</name>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/vdb.qcow2'/><target dev='vdb' bus='virtio'/></disk>
    <interface type='network'><mac address='52:54:00:00:00:01'/><model type='virtio'/></interface>
  </devices>
</domain>
`

const run = (edits: Edits): Extract<StudioOutcome, { ok: true }> => {
  const o = finishOutcome(XML, edits, runExpansion(XML, edits))
  if (!o.ok) throw new Error('refused')
  return o
}

// note: what crosses postMessage is a structured clone; so is each outcome the tests decode
const posted = (o: ReturnType<typeof encodeOutcome>) => structuredClone(o)

describe('encodeOutcome / decodeOutcome', () => {
  it('a delta decodes to the outcome it was made from, keeping the unchanged objects of the one before', () => {
    const first = run(NO_EDITS)
    const page1 = decodeOutcome(posted(encodeOutcome(first, undefined)), undefined)
    expect(page1).toEqual(first)
    if (!page1.ok) throw new Error('refused')
    const edits: Edits = { ...NO_EDITS, removed: ['disk1'] }
    const second = run(edits)
    const page2 = decodeOutcome(posted(encodeOutcome(second, first)), page1)
    expect(page2).toEqual(second)
    if (!page2.ok) throw new Error('refused')
    const disk0 = page2.expansion.devices.find((d) => d.id === 'disk0')
    expect(disk0).toBe(page1.expansion.devices.find((d) => d.id === 'disk0'))
    expect(page2.facts['disk0']).toBe(page1.facts['disk0'])
    expect(page2.expansion.devices.some((d) => d.id === 'disk1')).toBe(false)
  })

  it('a failed outcome is posted whole, and the next delta is on the last successful one', () => {
    const first = run(NO_EDITS)
    const failed: StudioOutcome = { ok: false, error: { kind: 'internal', message: 'x' }, summary: null, ms: 0 }
    expect(encodeOutcome(failed, first)).toBe(failed)
    expect(decodeOutcome(failed, first)).toBe(failed)
  })
})
