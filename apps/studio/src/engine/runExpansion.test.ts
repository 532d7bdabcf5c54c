import { describe, expect, it } from 'vitest'

import { type Edits, NO_EDITS } from './edits.ts'
import { formatStudioError, runExpansion } from './runExpansion.ts'

const XML = `<domain type='kvm'>
  <name>t</name>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/vda.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/vdb.qcow2'/><target dev='vdb' bus='virtio'/></disk>
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
  XML.replace(
    '  <os>',
    `  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='${name}' version='${version}'/>\n  </metadata>\n  <os>`,
  )
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
    const taken = XML.replace(
      "<model type='e1000'/>",
      "<model type='e1000'/><address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x0'/>",
    )
    const rejected = runExpansion(taken, NO_EDITS)
    expect(rejected.ok).toBe(false)
    if (!rejected.ok && rejected.error.kind === 'addr') expect(rejected.error.errors.length).toBeGreaterThan(0)
    else throw new Error('expected a rejection')
  })
})

describe('runExpansion and the libvirt release', () => {
  const watchdogs = (xml: string) => xml.split('<watchdog').length - 1
  it('imitates the release the edits choose, and the default one otherwise', () => {
    const dflt = runExpansion(XML, NO_EDITS)
    const v90 = runExpansion(XML, { ...NO_EDITS, libvirtVersion: '9.0' })
    if (!dflt.ok || !v90.ok) throw new Error('expected expansions')
    // note: libvirt >= 9.1 gives q35 an implicit iTCO watchdog; 9.0 does not know the model
    expect(watchdogs(v90.expandedXml)).toBe(0)
    expect(v90.expansion.devices.some((d) => d.kind === 'watchdog')).toBe(false)
    const edited = runExpansion(XML, { ...NO_EDITS, libvirtVersion: '9.0', removed: ['interface1'] })
    expect(edited.ok && edited.expansion.devices.some((d) => d.kind === 'watchdog')).toBe(false)
  })

  it('computes the unedited expansion once per document and release', () => {
    const a = runExpansion(XML, NO_EDITS)
    const b = runExpansion(XML, { ...NO_EDITS })
    expect(a.ok && b.ok && a.expansion === b.expansion).toBe(true)
    const c = runExpansion(XML, { ...NO_EDITS, libvirtVersion: '9.0' })
    expect(c.ok && a.ok && c.expansion !== a.expansion).toBe(true)
  })
})

describe('runExpansion on a document the engine refuses', () => {
  const at5 = "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>"
  const conflict = XML.replace("<model type='virtio'/>", `<model type='virtio'/>${at5}`).replace(
    "<model type='e1000'/>",
    `<model type='e1000'/>${at5}`,
  )

  it('applies the edits to its input, so that moving or removing a device at fault makes it valid', () => {
    expect(runExpansion(conflict, NO_EDITS).ok).toBe(false)
    const moved = runExpansion(conflict, {
      ...NO_EDITS,
      addresses: { interface1: { type: 'pci', domain: 0, bus: 0, slot: 6, function: 0 } },
    })
    if (!moved.ok) throw new Error(formatStudioError(moved.error))
    const a = moved.expansion.devices.find((d) => d.id === 'interface1')?.address
    expect(a).toMatchObject({ type: 'pci', bus: 0, slot: 6 })
    expect(runExpansion(conflict, { ...NO_EDITS, removed: ['interface0'] }).ok).toBe(true)
  })

  it('stays refused when the edits do not remove the conflict', () => {
    expect(runExpansion(conflict, { ...NO_EDITS, removed: ['disk1'] }).ok).toBe(false)
  })
})
