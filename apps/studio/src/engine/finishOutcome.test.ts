import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { PALETTE, paletteAction, type PaletteContext } from '../panels/paletteItems.ts'
import { type Edits, NO_EDITS } from './edits.ts'
import { drawInvalid, finishOutcome, type StudioOutcome } from './finishOutcome.ts'
import { reduceEdits } from './reduceEdits.ts'
import { runExpansion } from './runExpansion.ts'

const read = (name: string) => readFileSync(join(__dirname, '../../../../public/examples', name), 'utf8')
const run = (xml: string, edits: Edits): StudioOutcome => finishOutcome(xml, edits, runExpansion(xml, edits))

/** Adds palette entries one after the other, as clicks would. */
function addAll(xml: string, keys: string[], start: Edits = NO_EDITS): Edits {
  let edits = start
  for (const key of keys) {
    const out = run(xml, edits)
    if (!out.ok) throw new Error(`before ${key}: ${JSON.stringify(out.error)}`)
    const ctx: PaletteContext = { edits, expansion: out.expansion, facts: out.facts, docName: 'q35-basic.xml' }
    edits = reduceEdits(
      edits,
      paletteAction(
        PALETTE.find((p) => p.key === key)!,
        ctx,
      ).action,
    )
  }
  return edits
}

describe('finishOutcome', () => {
  it('palette devices get what libvirt needs to define them: disk source, MAC and network, hostdev source', () => {
    const xml = read('q35-basic.xml')
    const edits = addAll(xml, ['disk-virtio', 'nic-virtio', 'gpu-audio', 'pcie-switch', 'cdrom-sata'])
    const out = run(xml, edits)
    if (!out.ok) throw new Error(JSON.stringify(out.error))
    const x = out.expandedXml
    if (process.env['DEVADDR_DUMP']) writeFileSync(process.env['DEVADDR_DUMP'], x)
    expect(x).toMatch(
      /<disk type='file' device='disk'>\s*<driver name='qemu' type='qcow2'\/>\s*<source file='\/var\/lib\/libvirt\/images\/q35-basic-vd.\.qcow2'\/>\s*<target dev='vd.' bus='virtio'\/>/,
    )
    expect(x).toMatch(
      /<interface type='network'>\s*<mac address='52:54:00:[0-9a-f:]{8}'\/>\s*<source network='default'\/>\s*<model type='virtio'\/>/,
    )
    expect(x).toMatch(
      /<hostdev mode='subsystem' type='pci' managed='yes'>\s*<source>\s*<address domain='0x0000' bus='0x41' slot='0x00' function='0x1'\/>\s*<\/source>/,
    )
    expect(x).toContain("model='pcie-switch-upstream-port'")
    expect(x.match(/model='pcie-switch-downstream-port'/g)).toHaveLength(4)
    expect(x).toMatch(
      /<disk type='file' device='cdrom'>\s*<driver name='qemu' type='raw'\/>\s*<target dev='sd.' bus='sata'\/>\s*<readonly\/>/,
    )
    const gpu = out.expansion.devices.filter((d) => d.kind === 'hostdev' && d.id.startsWith('new-'))
    expect(gpu.map((d) => d.address)).toMatchObject([
      { bus: gpu[0]!.address!.type === 'pci' ? gpu[0]!.address!.bus : -1, slot: 0, function: 0, multifunction: 'on' },
      { slot: 0, function: 1 },
    ])
    const nic = out.expansion.devices.find((d) => d.id === 'new-interface0')!
    expect(out.facts[nic.id]?.mac).toMatch(/^52:54:00:/)
    expect(out.facts[nic.id]?.network).toBe('network default')
  })

  it('edited properties replace what the document has', () => {
    const xml = read('q35-basic.xml')
    let edits = reduceEdits(NO_EDITS, {
      type: 'set-device-props',
      deviceId: 'disk0',
      title: 'disk vda',
      props: { kind: 'disk', source: { type: 'block', path: '/dev/vg0/root' }, format: 'raw' },
    })
    edits = reduceEdits(edits, {
      type: 'set-device-props',
      deviceId: 'interface0',
      title: 'nic',
      props: { kind: 'interface', type: 'bridge', source: 'br0', mac: '52:54:00:aa:bb:cc' },
    })
    edits = reduceEdits(edits, { type: 'set-device-model', deviceId: 'interface0', title: 'nic', model: 'e1000e' })
    const out = run(xml, edits)
    if (!out.ok) throw new Error(JSON.stringify(out.error))
    expect(out.facts['disk0']).toMatchObject({ source: '/dev/vg0/root', format: 'raw' })
    expect(out.expandedXml).toMatch(
      /<disk type='block' device='disk'>\s*<driver name='qemu' type='raw'\/>\s*<source dev='\/dev\/vg0\/root'\/>/,
    )
    expect(out.facts['interface0']).toMatchObject({ mac: '52:54:00:aa:bb:cc', network: 'bridge br0', model: 'e1000e' })
    expect(out.expandedXml.match(/<source file='\/var\/lib\/libvirt\/images\/q35-basic-root.qcow2'\/>/g)).toBeNull()
  })

  it('NUMA nodes split the domain memory, the export keeps its size', () => {
    const xml = read('q35-basic.xml')
    const out = run(xml, { ...NO_EDITS, numaNodes: 2 })
    if (!out.ok) throw new Error(JSON.stringify(out.error))
    const total = out.numaCells.reduce((s, c) => s + c.memoryKiB, 0)
    const memory = /<memory unit='(\w+)'>(\d+)<\/memory>/.exec(out.expandedXml)!
    const kib = Number(memory[2]) * ({ KiB: 1, MiB: 1024, GiB: 1024 ** 2 } as Record<string, number>)[memory[1]!]!
    expect(out.numaCells).toHaveLength(2)
    expect(total).toBe(kib)
    expect(out.numaCells[0]!.memoryKiB).toBe(out.numaCells[1]!.memoryKiB)
  })

  it('a domain with an address conflict is drawn: the devices at fault are named', () => {
    const xml = read('q35-basic.xml').replace(
      /(<interface type='network'>[\s\S]*?)(<\/interface>)/,
      "$1  <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>\n    $2",
    )
    const out = run(xml, NO_EDITS)
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.drawing?.offenders.length).toBeGreaterThan(0)
    expect(out.drawing?.expansion.devices.some((d) => d.id === 'interface0')).toBe(true)
    expect(out.drawing?.offenders).toContain('interface0')
  })

  it('an error naming its device by deviceId marks that device and the one sharing its address', () => {
    const xml = read('q35-basic.xml').replace(
      /(<interface type='network'>[\s\S]*?)(<\/interface>)/,
      "$1  <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>\n    $2",
    )
    const drawing = drawInvalid(xml, NO_EDITS, [
      { code: 'address-conflict', message: 'PCI address already in use', deviceId: 'interface0' },
    ])
    expect(drawing?.offenders.sort()).toEqual(['controller-sata0', 'interface0'])
  })

  it('a domain whose machine type the release lacks (from a RHEL host) is drawn as its family is addressed', () => {
    const xml = read('q35-basic.xml')
    const rhel = xml.replace(/machine='[^']*'/, "machine='pc-q35-rhel9.4.0'")
    expect(rhel).not.toBe(xml)
    const out = run(rhel, NO_EDITS)
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.drawing?.as).toBe('machine-family')
    expect(out.drawing?.offenders).toEqual([])
    expect(out.drawing?.expansion.machine).toBe('pc-q35-rhel9.4.0')
    // note: the same topology as the upstream q35 document's
    const upstream = run(xml, NO_EDITS)
    if (!upstream.ok) throw new Error(JSON.stringify(upstream.error))
    expect(out.drawing?.expansion.devices).toEqual(upstream.expansion.devices)
    // a refusal that is not about the machine type is not drawn this way
    const arch = xml.replace(/arch='x86_64'/, "arch='mips'")
    const refused = run(arch, NO_EDITS)
    expect(refused.ok || refused.drawing).toBeFalsy()
  })
})

describe('finishOutcome after a previous run', () => {
  const moveToEmptyPort = (out: Extract<StudioOutcome, { ok: true }>, id: string): Edits | undefined => {
    const used = new Set(out.expansion.devices.flatMap((d) => (d.address?.type === 'pci' ? [d.address.bus] : [])))
    const port = out.expansion.devices.find((d) => d.model === 'pcie-root-port' && d.index !== undefined && !used.has(d.index))
    return port ? { ...NO_EDITS, addresses: { [id]: { type: 'pci', domain: 0, bus: port.index!, slot: 0, function: 0 } } } : undefined
  }

  it('reads the same as a run on its own, for moves, removals, NUMA and palette edits', () => {
    for (const name of readdirSync(join(__dirname, '../../../../public/examples')).filter((f) => f.endsWith('.xml'))) {
      const xml = read(name)
      const base = run(xml, NO_EDITS)
      if (!base.ok) continue
      const input = base.expansion.devices.find((d) => d.origin === 'input' && d.kind !== 'controller' && d.address?.type === 'pci')
      const move = input && moveToEmptyPort(base, input.id)
      const steps: Edits[] = [
        ...(move ? [move] : []),
        ...(input ? [{ ...NO_EDITS, removed: [input.id] }] : []),
        { ...NO_EDITS, numaNodes: 2 },
        addAll(xml, ['nic-virtio']),
        NO_EDITS,
      ]
      let previous = { xml, edits: NO_EDITS, outcome: base }
      for (const edits of steps) {
        const alone = run(xml, edits)
        const after = finishOutcome(xml, edits, runExpansion(xml, edits), previous)
        expect({ ...after, ms: 0 }, `${name} ${JSON.stringify(edits)}`).toEqual({ ...alone, ms: 0 })
        if (after.ok) previous = { xml, edits, outcome: after }
      }
    }
  })

  it('keeps the facts of a move without reading the XML again', () => {
    const xml = read('q35-basic.xml')
    const base = run(xml, NO_EDITS)
    if (!base.ok) throw new Error('refused')
    const disk = base.expansion.devices.find((d) => d.kind === 'disk' && d.address?.type === 'pci')!
    const edits = moveToEmptyPort(base, disk.id)
    if (!edits) throw new Error('no empty root port')
    const out = finishOutcome(xml, edits, runExpansion(xml, edits), { xml, edits: NO_EDITS, outcome: base })
    if (!out.ok) throw new Error('refused')
    expect(out.facts).toEqual(base.facts)
    expect(out.facts[disk.id]).toBe(base.facts[disk.id])
  })
})
