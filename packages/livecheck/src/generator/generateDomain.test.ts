import { parseXmlTree, type XmlElement } from '@devaddr/conformance'
import { describe, expect, it } from 'vitest'

import { diskName, generateDomain, type GeneratorRelease } from './generateDomain.ts'

const SEEDS = [1, 2, 42, 20240601]
const CASES = 120
const RELEASES: GeneratorRelease[] = ['9.0', '11.3', '12.8']

const parsed = new Map<string, XmlElement>()

/** The domain's tree, parsed once per XML (the tests walk the same few thousand domains). */
function tree(xml: string): XmlElement {
  let t = parsed.get(xml)
  if (t === undefined) {
    const r = parseXmlTree(xml)
    if (!r.ok) throw new Error(r.error)
    t = r.value
    parsed.set(xml, t)
  }
  return t
}

function devices(xml: string): XmlElement[] {
  return tree(xml).children.find((c) => c.name === 'devices')?.children ?? []
}

function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name)
}

const generated = new Map<GeneratorRelease, ReturnType<typeof generateDomain>[]>()

/** CASES domains of each seed for `release`, generated once. */
function allCases(release: GeneratorRelease = '9.0'): ReturnType<typeof generateDomain>[] {
  let list = generated.get(release)
  if (list === undefined) {
    list = SEEDS.flatMap((seed) => Array.from({ length: CASES }, (_, i) => generateDomain(seed, i, release)))
    generated.set(release, list)
  }
  return list
}

function* everyRelease(): Generator<[GeneratorRelease, ReturnType<typeof generateDomain>]> {
  for (const release of RELEASES) for (const d of allCases(release)) yield [release, d]
}

/** The platform mistake a domain was given on purpose (at most one), if any. */
const mistakeOf = (d: ReturnType<typeof generateDomain>) => d.features.filter((f) => f.startsWith('mistake-'))

/** Domains meant to be accepted: the rules below hold for them. */
const valid = (d: ReturnType<typeof generateDomain>) => mistakeOf(d).length === 0

function domainChild(xml: string, name: string): XmlElement | undefined {
  return child(tree(xml), name)
}

describe('generateDomain', () => {
  it('gives the same domain for the same seed, index and release', () => {
    for (const release of RELEASES) {
      for (const seed of SEEDS) {
        for (let i = 0; i < 20; i++) expect(generateDomain(seed, i, release)).toEqual(generateDomain(seed, i, release))
      }
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
      // note: a domain with that mistake has two disks of one name on purpose
      if (!d.features.includes('mistake-duplicate-disk-target')) expect(new Set(names).size, d.xml).toBe(names.length)
      for (const t of targets) {
        const prefix = t.bus === 'virtio' ? 'vd' : t.bus === 'ide' ? 'hd' : t.bus === 'fdc' ? 'fd' : 'sd'
        expect(t.dev?.startsWith(prefix)).toBe(true)
        if (d.family !== 'pc') expect(t.bus).not.toBe('ide')
        if (d.family === 'virt') expect(['virtio', 'scsi', 'usb']).toContain(t.bus)
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

  it('keeps within libvirt 9.0: one watchdog, no itco/pvpanic, no secondary vga/cirrus/bochs', () => {
    for (const d of allCases('9.0').filter(valid)) {
      const all = devices(d.xml)
      expect(all.filter((e) => e.name === 'watchdog').length).toBeLessThanOrEqual(1)
      expect(all.some((e) => e.name === 'watchdog' && e.attributes.model === 'itco')).toBe(false)
      expect(all.some((e) => e.name === 'panic' && e.attributes.model === 'pvpanic')).toBe(false)
      expect(all.some((e) => e.name === 'filesystem' && e.attributes.type !== 'mount')).toBe(false)
      const videos = all.filter((e) => e.name === 'video').map((e) => child(e, 'model')?.attributes.type)
      for (const secondary of videos.slice(1)) expect(['qxl', 'virtio']).toContain(secondary)
    }
  })

  it('keeps within libvirt 11.x: no ib700 on q35, itco only on q35, distinct watchdog models', () => {
    for (const release of ['11.3', '12.8'] as const) {
      for (const d of allCases(release).filter(valid)) {
        const models = devices(d.xml)
          .filter((e) => e.name === 'watchdog')
          .map((e) => e.attributes.model)
        expect(new Set(models).size).toBe(models.length)
        if (d.family === 'q35') expect(models).not.toContain('ib700')
        if (d.family !== 'q35') expect(models).not.toContain('itco')
      }
    }
  })

  it('gives vhost-user devices shared memory', () => {
    for (const [, d] of everyRelease()) {
      if (!valid(d)) continue
      const all = devices(d.xml)
      const vhostUser = all.some((e) => (e.name === 'interface' || e.name === 'disk') && e.attributes.type === 'vhostuser')
      if (vhostUser) expect(child(domainChild(d.xml, 'memoryBacking') as XmlElement, 'access')?.attributes.mode, d.xml).toBe('shared')
    }
  })

  it('gives now and then one domain a single platform mistake, of every kind across the sample', () => {
    const kinds = new Map<string, number>()
    let withMistake = 0
    let total = 0
    // note: a sample of its own, several times the shared one: the rarer mistakes need the domains
    // that make them possible (virtio-iommu for a missing ACPI, boot orders for a clash)
    const sample = RELEASES.flatMap((release) =>
      [...SEEDS, ...Array.from({ length: 30 }, (_, i) => 3 + i)].flatMap((seed) =>
        Array.from({ length: CASES }, (_, i) => generateDomain(seed, i, release)),
      ),
    )
    for (const d of sample) {
      total++
      const m = mistakeOf(d)
      expect(m.length).toBeLessThanOrEqual(1)
      if (m[0] === undefined) continue
      withMistake++
      kinds.set(m[0], (kinds.get(m[0]) ?? 0) + 1)
    }
    expect(withMistake / total).toBeGreaterThan(0.02)
    expect(withMistake / total).toBeLessThan(0.12)
    expect([...kinds.keys()].sort()).toEqual(
      [
        'mistake-acpi-without-uefi',
        'mistake-cdrom-on-virtio',
        'mistake-disk-without-source',
        'mistake-duplicate-disk-target',
        'mistake-lun-on-sata',
        'mistake-lun-on-virtio',
        'mistake-spicevmc-without-spice',
        'mistake-tablet-on-ps2',
        'mistake-boot-order-beside-os-boot',
        'mistake-duplicate-boot-order',
        'mistake-intel-iommu-on-pc',
        'mistake-iommu-without-acpi',
        'mistake-itco-on-pc',
        'mistake-no-shared-memory',
        'mistake-read-only-sata-disk',
        'mistake-virtio-pmem-on-aarch64',
      ].sort(),
    )
  })

  it('gives memory devices NUMA and maxMemory, and never virtio-pmem on aarch64', () => {
    for (const [, d] of everyRelease()) {
      if (!valid(d)) continue
      const memories = devices(d.xml).filter((e) => e.name === 'memory')
      if (memories.length === 0) continue
      expect(domainChild(d.xml, 'maxMemory'), d.xml).toBeDefined()
      expect(child(domainChild(d.xml, 'cpu') as XmlElement, 'numa'), d.xml).toBeDefined()
      if (d.family === 'virt') expect(memories.map((m) => m.attributes.model)).not.toContain('virtio-pmem')
    }
  })

  it('gives one IOMMU of a model the machine takes, virtio-iommu with ACPI, never ACPI on aarch64', () => {
    for (const [, d] of everyRelease()) {
      if (!valid(d)) continue
      const iommus = devices(d.xml).filter((e) => e.name === 'iommu')
      expect(iommus.length).toBeLessThanOrEqual(1)
      const model = iommus[0]?.attributes.model
      const acpi = domainChild(d.xml, 'features') !== undefined
      if (d.family === 'virt') expect(acpi).toBe(false)
      if (model === undefined) continue
      expect(model).toBe(d.family === 'virt' ? 'smmuv3' : model)
      if (d.family !== 'virt') expect(['intel', 'virtio']).toContain(model)
      if (model === 'intel') expect(d.family).toBe('q35')
      if (model === 'virtio') expect(acpi).toBe(true)
    }
  })

  it('puts integrated devices (virtio-iommu, pvpanic-pci) only on the root bus when it gives them an address', () => {
    for (const [, d] of everyRelease()) {
      for (const e of devices(d.xml)) {
        if (!(e.name === 'iommu' || e.name === 'panic')) continue
        const a = child(e, 'address')
        if (a !== undefined) expect(Number(a.attributes.bus), d.xml).toBe(0)
      }
    }
  })

  it('makes PCI host devices managed=no with distinct host addresses', () => {
    for (const [, d] of everyRelease()) {
      const sources = new Set<string>()
      for (const e of devices(d.xml).filter((x) => x.name === 'hostdev' && x.attributes.type === 'pci')) {
        expect(e.attributes.managed).toBe('no')
        const a = child(child(e, 'source') as XmlElement, 'address')?.attributes ?? {}
        const key = `${a.bus}:${a.slot}.${a.function}`
        expect(sources.has(key)).toBe(false)
        sources.add(key)
      }
    }
  })

  it('gives aarch64 USB devices an explicit USB controller', () => {
    for (const d of allCases()) {
      if (d.family !== 'virt') continue
      const all = devices(d.xml)
      const usbDevices = all.filter((e) => e.attributes.bus === 'usb' || (e.name === 'hostdev' && e.attributes.type === 'usb'))
      if (usbDevices.length === 0) continue
      expect(
        all.some((e) => e.name === 'controller' && e.attributes.type === 'usb'),
        d.xml,
      ).toBe(true)
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
      'numa',
      'pcie-expander-bus',
      'pci-expander-bus',
      'hotplug-off',
      'explicit-pci',
      'explicit-drive',
      'explicit-usb',
      'explicit-virtio-serial',
      'indexless-pci',
      'many-disks',
      'pci-bridge',
      'pcie-to-pci-bridge',
      'dmi-to-pci-bridge',
      'pcie-switch-upstream-port',
      'disk-ide',
      'disk-sata',
      'disk-scsi',
      'cdrom',
      'nic-e1000',
      'nic-e1000e',
      'nic-rtl8139',
      'channel',
      'usb-tablet',
      'rng',
      'secondary-video',
      'crypto',
      'pstore',
      'lun',
      'floppy',
      'vhostuser-net',
      'vhostuser-disk',
      'iommu-intel',
      'iommu-virtio',
      'iommu-smmuv3',
      'memory-nvdimm',
      'memory-dimm',
      'memory-virtio-mem',
      'memory-virtio-pmem',
      'hostdev-pci',
      'hostdev-mdev',
      'hostdev-scsi',
      'usb-hostdev',
      'redirdev',
      'smartcard',
      'ivshmem-plain',
      'ivshmem-doorbell',
      'multi-head',
      'nested-switch',
      'many-root-ports',
      'partial-pci',
      'partial-drive',
      'partial-usb',
      'partial-virtio-serial',
      'indexless-controller',
      'disk-usb',
      'usb-ports',
      'hostdev-multifunction',
      'watchdog-i6300esb',
      'watchdog-ib700',
      'panic-isa',
    ]) {
      expect(seen, f).toContain(f)
    }
  })

  it('exercises the 11.x-only kinds when generating for 11.3 and 12.8', () => {
    for (const release of ['11.3', '12.8'] as const) {
      const seen = new Set<string>()
      for (const d of allCases(release)) for (const f of d.features) seen.add(f)
      for (const f of ['watchdog-itco', 'two-watchdogs', 'panic-pvpanic']) expect(seen, `${release} ${f}`).toContain(f)
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
