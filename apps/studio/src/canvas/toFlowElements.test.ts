import { formatPciAddress } from 'devaddr'
import ELK from 'elkjs/lib/elk.bundled.js'
import { describe, expect, it } from 'vitest'

import Q35 from '../../../../public/examples/q35-basic.xml?raw'
import Q35_NUMA from '../../../../public/examples/q35-numa.xml?raw'
import { type Edits, NO_EDITS } from '../engine/edits.ts'
import { runExpansion } from '../engine/runExpansion.ts'
import { RUN_KEEP, RUN_MIN } from './deviceRuns.ts'
import type { RunData } from './flowTypes.ts'
import { layoutFlow } from './layout.ts'
import { DEFAULT_FLOW_OPTIONS, toFlowElements } from './toFlowElements.ts'

function expand(xml: string, edits: Edits = NO_EDITS) {
  const r = runExpansion(xml, edits)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r
}

describe('toFlowElements', () => {
  it('puts root ports inside the root complex and devices inside their port', () => {
    const { expansion, summary } = expand(Q35)
    const model = toFlowElements(expansion, null, { ...DEFAULT_FLOW_OPTIONS, editableIds: new Set(summary.inputIds) })
    const byId = new Map(model.nodes.map((n) => [n.id, n]))
    expect(byId.get('pci:0')?.type).toBe('bus')
    expect(byId.get('pci:0')?.parentId).toBeUndefined()
    const vda = byId.get('dev:disk0')!
    expect(vda.type).toBe('device')
    const port = byId.get(vda.parentId!)!
    expect(port.type).toBe('port')
    expect(port.parentId).toBe('pci:0')
    expect(vda.draggable).toBe(true)
    // the spare hotplug port libvirt adds is an empty port
    expect(model.nodes.some((n) => n.type === 'port' && (n.data as { empty: boolean }).empty)).toBe(true)
    // parents come before children
    const seen = new Set<string>()
    for (const n of model.nodes) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true)
      seen.add(n.id)
    }
  })

  it('hangs non-PCI buses off their controller as groups', () => {
    const { expansion } = expand(Q35)
    const model = toFlowElements(expansion, null)
    const sata = model.nodes.find((n) => n.id === 'grp:sata:0')
    expect(sata?.type).toBe('busgroup')
    expect(model.edges.some((e) => e.target === 'grp:sata:0')).toBe(true)
    expect(model.nodes.find((n) => n.id === 'grp:usb:0')).toBeDefined()
    expect(model.nodes.find((n) => n.id === 'grp:virtio-serial:0')).toBeDefined()
    expect(model.nodeOfDevice['input0']).toBe('grp:usb:0')
  })

  it('draws an expander bus inside the box of its NUMA node', () => {
    const { expansion } = expand(Q35_NUMA)
    const model = toFlowElements(expansion, null)
    const pxb = model.nodes.find((n) => n.id === 'pci:1')!
    expect(pxb.parentId).toBe('numa:1')
    expect(model.nodes.find((n) => n.id === 'numa:0')).toBeDefined()
    expect(model.edges.some((e) => e.source === 'pci:0' && e.target === 'pci:1')).toBe(true)
  })

  it('folds a long run of identical ports to its first RUN_KEEP members and one card for the rest', () => {
    const disks = Array.from(
      { length: 40 },
      (_, i) =>
        `<disk type='file' device='disk'><source file='/var/lib/libvirt/images/disk${i}.qcow2'/><target dev='vd${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'a' : ''}' bus='virtio'/></disk>`,
    ).join('')
    const xml = `<domain type='kvm'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>${disks}</devices></domain>`
    const { expansion } = expand(xml)
    const model = toFlowElements(expansion, null)
    const runs = model.nodes.filter((n) => n.type === 'run')
    expect(runs).toHaveLength(1)
    const run = runs[0]!
    const data = run.data as RunData
    // the first RUN_KEEP ports keep their cards, the other 37 hide behind the run card
    expect(model.nodes.filter((n) => n.type === 'device' && n.id.startsWith('dev:disk')).map((n) => n.id)).toEqual(
      ['dev:disk0', 'dev:disk1', 'dev:disk2'].slice(0, RUN_KEEP),
    )
    expect(data.count).toBe(40 - RUN_KEEP)
    expect(data.summary).toBe('pcie-root-port → disk virtio')
    const hiddenDisks = Object.entries(model.hiddenIn).filter(([id]) => id.startsWith('disk'))
    expect(hiddenDisks).toHaveLength(40 - RUN_KEEP)
    expect(hiddenDisks.every(([, runId]) => runId === run.id)).toBe(true)
    // a hidden device is shown by the run card; the run sits where the ports do
    expect(model.nodeOfDevice['disk39']).toBe(run.id)
    expect(run.parentId).toBe('pci:0')
    // the run's id names its first hidden port's address
    const fourth = expansion.devices.find((d) => d.id === 'disk3')
    const port = expansion.devices.find(
      (d) => d.kind === 'controller' && d.type === 'pci' && fourth?.address?.type === 'pci' && d.index === fourth.address.bus,
    )
    const at = port?.address?.type === 'pci' ? port.address : undefined
    expect(at && data.firstAddress).toBe(at && formatPciAddress(at))
    expect(run.id).toBe(`run:0:${at?.slot}.${at?.function}`)

    // expanding that run, or turning folding off, shows every disk
    const expanded = toFlowElements(expansion, null, { ...DEFAULT_FLOW_OPTIONS, expandedRuns: new Set([run.id]) })
    expect(expanded.nodes.filter((n) => n.id.startsWith('dev:disk'))).toHaveLength(40)
    expect(Object.keys(expanded.hiddenIn)).toEqual([])
    const open = toFlowElements(expansion, null, { ...DEFAULT_FLOW_OPTIONS, collapseRepeats: false })
    expect(open.nodes.filter((n) => n.id.startsWith('dev:disk'))).toHaveLength(40)
  })

  it('does not fold a run shorter than RUN_MIN', () => {
    const disks = Array.from(
      { length: RUN_MIN - 1 },
      (_, i) =>
        `<disk type='file' device='disk'><source file='/var/lib/libvirt/images/vd${String.fromCharCode(97 + i)}.qcow2'/><target dev='vd${String.fromCharCode(97 + i)}' bus='virtio'/></disk>`,
    ).join('')
    const xml = `<domain type='kvm'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>${disks}</devices></domain>`
    const model = toFlowElements(expand(xml).expansion, null)
    expect(model.nodes.filter((n) => n.type === 'run')).toEqual([])
    expect(model.nodes.filter((n) => n.id.startsWith('dev:disk'))).toHaveLength(RUN_MIN - 1)
  })
})

describe('layoutFlow', () => {
  it('places every node without overlapping its siblings', async () => {
    const { expansion } = expand(Q35)
    const layout = await layoutFlow(toFlowElements(expansion, null), new ELK())
    expect(layout.nodes.length).toBeGreaterThan(10)
    const byParent = new Map<string, typeof layout.nodes>()
    for (const n of layout.nodes) {
      const k = n.parentId ?? ''
      byParent.set(k, [...(byParent.get(k) ?? []), n])
    }
    for (const siblings of byParent.values()) {
      for (const a of siblings)
        for (const b of siblings) {
          if (a === b) continue
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
          expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false)
        }
    }
  })
})

describe('toFlowElements and multifunction slots', () => {
  const GPU = `<domain type='kvm'><name>gpu</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x41' slot='0x00' function='0x0'/></source>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0' multifunction='on'/></hostdev>
    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x41' slot='0x00' function='0x1'/></source>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x1'/></hostdev>
  </devices></domain>`

  it('draws the functions of one slot inside one slot box; packed root ports stay apart', async () => {
    const { expansion } = expand(GPU)
    const model = toFlowElements(expansion, null)
    const slot = model.nodes.find((n) => n.type === 'mfslot')
    expect(slot).toMatchObject({ id: 'mf:0:5', parentId: 'pci:0', data: { slot: 5, functions: 2 } })
    expect(model.nodes.filter((n) => n.parentId === slot?.id).map((n) => n.id)).toEqual(['dev:hostdev0', 'dev:hostdev1'])
    expect(model.nodes.filter((n) => n.type === 'mfslot')).toHaveLength(1)
    const layout = await layoutFlow(model, new ELK())
    const box = layout.nodes.find((n) => n.id === 'mf:0:5')!
    for (const n of layout.nodes.filter((x) => x.parentId === box.id)) {
      expect(n.absX).toBeGreaterThanOrEqual(box.absX)
      expect(n.absX + n.width).toBeLessThanOrEqual(box.absX + box.width)
    }
  })
})
