import { readFileSync, writeFileSync } from 'node:fs'
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
})
