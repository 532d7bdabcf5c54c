import { parseXmlTree, type XmlElement } from '@devaddr/conformance'
import { describe, expect, it } from 'vitest'
import { diskName, generateDomain } from './generateDomain.ts'

const SEEDS = [1, 2, 42, 20240601]
const CASES = 120

function devices(xml: string): XmlElement[] {
  const tree = parseXmlTree(xml)
  if (!tree.ok) throw new Error(tree.error)
  return tree.value.children.find((c) => c.name === 'devices')?.children ?? []
}

function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name)
}

function* allCases(): Generator<ReturnType<typeof generateDomain>> {
  for (const seed of SEEDS) for (let i = 0; i < CASES; i++) yield generateDomain(seed, i)
}

describe('generateDomain', () => {
  it('gives the same domain for the same seed and index', () => {
    for (const seed of SEEDS) {
      for (let i = 0; i < 20; i++) expect(generateDomain(seed, i)).toEqual(generateDomain(seed, i))
    }
  })

  it('gives different domains for different seeds or indexes', () => {
    const xmls = new Set<string>()
    for (const seed of SEEDS) for (let i = 0; i < 50; i++) xmls.add(generateDomain(seed, i).xml.replace(/<name>.*<\/name>/, ''))
    expect(xmls.size).toBe(SEEDS.length * 50)
  })

  it('does not depend on the cases generated before', () => {
    const late = generateDomain(5, 77)
    for (let i = 0; i < 10; i++) generateDomain(5, i)
    expect(generateDomain(5, 77)).toEqual(late)
  })

  it('writes well-formed qemu domains for q35, pc and aarch64 virt', () => {
    const families = new Set<string>()
    for (const d of allCases()) {
      const tree = parseXmlTree(d.xml)
      expect(tree.ok, d.xml).toBe(true)
      if (!tree.ok) continue
      expect(tree.value.attributes.type).toBe('qemu')
      const type = child(child(tree.value, 'os') as XmlElement, 'type') as XmlElement
      expect(type.attributes.machine).toBe(d.machine)
      expect(type.attributes.arch).toBe(d.family === 'virt' ? 'aarch64' : 'x86_64')
      families.add(d.family)
    }
    expect([...families].sort()).toEqual(['pc', 'q35', 'virt'])
  })

  it('gives unique disk targets, in bus-appropriate name families', () => {
    for (const d of allCases()) {
      const targets = devices(d.xml)
        .filter((e) => e.name === 'disk')
        .map((e) => child(e, 'target')?.attributes ?? {})
      const names = targets.map((t) => t.dev)
      expect(new Set(names).size, d.xml).toBe(names.length)
      for (const t of targets) {
        const prefix = t.bus === 'virtio' ? 'vd' : t.bus === 'ide' ? 'hd' : 'sd'
        expect(t.dev?.startsWith(prefix)).toBe(true)
        if (d.family !== 'pc') expect(t.bus).not.toBe('ide')
        if (d.family === 'virt') expect(['virtio', 'scsi']).toContain(t.bus)
      }
    }
  })

  it('never gives two devices the same explicit PCI address', () => {
    for (const d of allCases()) {
      const seen = new Set<string>()
      for (const e of devices(d.xml)) {
        const a = child(e, 'address')
        if (a?.attributes.type !== 'pci') continue
        const key = `${a.attributes.bus}:${a.attributes.slot}.${a.attributes.function}`
        expect(seen.has(key), `${key} twice in\n${d.xml}`).toBe(false)
        seen.add(key)
      }
    }
  })

  it('keeps within libvirt 9.0: one watchdog, no itco/pvpanic, no secondary vga/cirrus/bochs, no PCI hostdev', () => {
    for (const d of allCases()) {
      const all = devices(d.xml)
      expect(all.filter((e) => e.name === 'watchdog').length).toBeLessThanOrEqual(1)
      expect(all.some((e) => e.name === 'watchdog' && e.attributes.model === 'itco')).toBe(false)
      expect(all.some((e) => e.name === 'panic')).toBe(false)
      expect(all.some((e) => e.name === 'hostdev' && e.attributes.type === 'pci')).toBe(false)
      expect(all.some((e) => e.name === 'filesystem' && e.attributes.type !== 'mount')).toBe(false)
      const videos = all.filter((e) => e.name === 'video').map((e) => child(e, 'model')?.attributes.type)
      for (const secondary of videos.slice(1)) expect(['qxl', 'virtio']).toContain(secondary)
    }
  })

  it('gives aarch64 USB devices an explicit USB controller', () => {
    for (const d of allCases()) {
      if (d.family !== 'virt') continue
      const all = devices(d.xml)
      const usbDevices = all.filter((e) => e.attributes.bus === 'usb' || (e.name === 'hostdev' && e.attributes.type === 'usb'))
      if (usbDevices.length === 0) continue
      expect(all.some((e) => e.name === 'controller' && e.attributes.type === 'usb'), d.xml).toBe(true)
    }
  })

  it('numbers PCI controllers from 1 after the root, or writes the root first when indexes are left out', () => {
    for (const d of allCases()) {
      const pci = devices(d.xml).filter((e) => e.name === 'controller' && e.attributes.type === 'pci')
      const indexless = pci.some((c) => c.attributes.index === undefined)
      if (indexless) expect(pci[0]?.attributes.model).toMatch(/^pcie?-root$/)
      else {
        const nonRoot = pci.filter((c) => c.attributes.index !== '0').map((c) => Number(c.attributes.index))
        expect(nonRoot).toEqual(nonRoot.map((_, i) => i + 1))
      }
    }
  })

  it('puts expander buses only on NUMA guests, with a node that exists', () => {
    const virt = new Set<string>()
    for (const d of allCases()) {
      const tree = parseXmlTree(d.xml)
      if (!tree.ok) continue
      const cells = child(child(tree.value, 'cpu') ?? { name: '', attributes: {}, children: [], text: '' }, 'numa')?.children.length ?? 0
      for (const c of devices(d.xml)) {
        if (!/expander-bus$/.test(c.attributes.model ?? '')) continue
        const node = Number(child(child(c, 'target') as XmlElement, 'node')?.text)
        expect(node).toBeLessThan(cells)
        expect(c.attributes.model).toBe(d.family === 'pc' ? 'pci-expander-bus' : 'pcie-expander-bus')
        if (d.family === 'virt') virt.add(d.name)
      }
    }
    expect(virt.size).toBeGreaterThan(0)
  })

  it('exercises the listed features across a few hundred domains', () => {
    const seen = new Set<string>()
    for (const d of allCases()) for (const f of d.features) seen.add(f)
    for (const f of [
      'numa', 'pcie-expander-bus', 'pci-expander-bus', 'hotplug-off', 'explicit-pci', 'explicit-drive',
      'explicit-usb', 'explicit-virtio-serial', 'indexless-pci', 'many-disks', 'pci-bridge', 'pcie-to-pci-bridge',
      'dmi-to-pci-bridge', 'pcie-switch-upstream-port', 'disk-ide', 'disk-sata', 'disk-scsi', 'cdrom',
      'nic-e1000', 'nic-e1000e', 'nic-rtl8139', 'channel', 'usb-tablet', 'rng', 'secondary-video',
    ]) {
      expect(seen, f).toContain(f)
    }
  })
})

describe('diskName', () => {
  it('follows libvirt: vda…vdz, then vdaa, vdab…', () => {
    expect(diskName('vd', 0)).toBe('vda')
    expect(diskName('vd', 25)).toBe('vdz')
    expect(diskName('vd', 26)).toBe('vdaa')
    expect(diskName('vd', 27)).toBe('vdab')
    expect(diskName('sd', 26 + 26 * 26)).toBe('sdaaa')
  })
})
