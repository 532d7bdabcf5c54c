import { describe, expect, it } from 'vitest'
import { NO_EDITS, type Edits } from './edits.ts'
import { formatStudioError, runExpansion } from './runExpansion.ts'

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

const recording = (name: string, version: number) =>
  XML.replace('  <os>', `  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='${name}' version='${version}'/>\n  </metadata>\n  <os>`)
const rootPorts = (xml: string) => xml.split("model='pcie-root-port'").length - 1

describe('runExpansion through the document pipeline', () => {
  it('expands with the shipped policy the document records, with and without edits', () => {
    const r = runExpansion(recording('ovirt', 1), NO_EDITS)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    expect(r.expansion.policy).toEqual({ name: 'ovirt', version: 1 })
    expect(rootPorts(r.expandedXml)).toBe(16)
    const edited = runExpansion(recording('ovirt', 1), { ...NO_EDITS, removed: ['interface1'] })
    expect(edited.ok && edited.expansion.policy).toEqual({ name: 'ovirt', version: 1 })
  })

  it('refuses a policy devaddr does not ship, saying how to fix the document', () => {
    const r = runExpansion(recording('nova', 7), NO_EDITS)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ kind: 'addr', errors: [] })
    expect(formatStudioError(r.error)).toMatch(/^the document records policy nova@7, which devaddr does not ship; .*kubevirt@1/)
    expect(r.summary?.inputIds).toEqual(['disk0', 'disk1', 'interface0', 'interface1'])
  })

  it('reports unreadable XML with its place and engine rejections with their errors', () => {
    const broken = runExpansion("<domain type='kvm'>\n  <devices>\n</domain>\n", NO_EDITS)
    expect(broken).toMatchObject({ ok: false, error: { kind: 'xml', line: 3 }, summary: null })
    const taken = XML.replace("<model type='e1000'/>", "<model type='e1000'/><address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x0'/>")
    const rejected = runExpansion(taken, NO_EDITS)
    expect(rejected.ok).toBe(false)
    if (!rejected.ok && rejected.error.kind === 'addr') expect(rejected.error.errors.length).toBeGreaterThan(0)
    else throw new Error('expected a rejection')
  })
})
