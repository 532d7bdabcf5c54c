import { describe, expect, it } from 'vitest'
import { NO_EDITS, type Edits } from './edits.ts'
import { runExpansion } from './runExpansion.ts'

const XML = `<domain type='kvm'>
  <name>t</name>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><target dev='vdb' bus='virtio'/></disk>
    <interface type='network'><model type='virtio'/></interface>
    <interface type='network'><model type='e1000'/></interface>
  </devices>
</domain>
`

function addresses(edits: Edits): Map<string, string> {
  const r = runExpansion(XML, edits)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return new Map(r.expansion.devices.map((d) => [d.id, JSON.stringify(d.address)]))
}

describe('runExpansion', () => {
  it('an edit moves only the device it touches', () => {
    const before = addresses(NO_EDITS)
    const pinned = addresses({ ...NO_EDITS, numaNodes: 2, numaPins: { disk0: 1 } })
    const removed = addresses({ ...NO_EDITS, removed: ['interface0'] })
    for (const [id, a] of before) {
      if (id !== 'disk0') expect(pinned.get(id), id).toBe(a)
      if (id !== 'interface0') expect(removed.get(id), id).toBe(a)
    }
    expect(pinned.get('disk0')).not.toBe(before.get('disk0'))
  })
})
