import { describe, expect, it } from 'vitest'

import { CORPUS_MISSING_MESSAGE, corpusAvailable, corpusCaseNames, readCase } from '../test/corpus.ts'
import { parseDomainXml } from './parseDomainXml.ts'

const parseCase = (name: string) => {
  const r = parseDomainXml(readCase(name).input)
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
  return r.value.input
}

const domain = (devices: string, head = `<os><type arch='x86_64' machine='q35'>hvm</type></os>`) =>
  `<domain type='kvm'>\n  ${head}\n  <devices>\n${devices}\n  </devices>\n</domain>\n`

describe.skipIf(!corpusAvailable)('parseDomainXml on corpus inputs', () => {
  it('reads q35-pcie: controllers without index, devices of each kind, ids and source indexes', () => {
    const input = parseCase('q35-pcie')
    expect(input).toMatchObject({ arch: 'x86_64', machine: 'q35', domainType: 'qemu' })
    const [root, dmi] = input.devices
    expect(root).toEqual({ id: 'controller0', kind: 'controller', origin: 'input', sourceIndex: 0, type: 'pci', model: 'pcie-root' })
    expect(dmi).toMatchObject({ id: 'controller1', sourceIndex: 1, model: 'dmi-to-pci-bridge' })
    expect(dmi?.index).toBeUndefined()
    const disk = input.devices.find((d) => d.kind === 'disk')
    expect(disk).toMatchObject({ id: 'disk0', type: 'block', diskDevice: 'disk', dst: 'vdb', bus: 'virtio' })
    expect(disk?.address).toBeUndefined()
    const interfaces = input.devices.filter((d) => d.kind === 'interface')
    expect(interfaces.map((d) => [d.id, d.type, d.model])).toEqual([
      ['interface0', 'user', 'virtio'],
      ['interface1', 'user', 'e1000e'],
    ])
    expect(input.devices.find((d) => d.kind === 'video')).toMatchObject({ model: 'virtio', primary: false })
    expect(input.devices.filter((d) => d.kind === 'input').map((d) => [d.type, d.bus])).toEqual([
      ['passthrough', 'virtio'],
      ['mouse', 'virtio'],
      ['keyboard', 'virtio'],
      ['tablet', 'virtio'],
    ])
    // <emulator> is not a device: source indexes count device elements only
    expect(input.devices.map((d) => d.sourceIndex)).toEqual(input.devices.map((_, i) => i))
  })

  it('reads pci-expander-bus: NUMA cells, controller target with <node>, model name, PCI address', () => {
    const input = parseCase('pci-expander-bus')
    expect(input.numaNodes).toBe(2)
    const pxb = input.devices.find((d) => d.kind === 'controller' && d.index === 1)
    expect(pxb).toMatchObject({ type: 'pci', model: 'pci-expander-bus', modelName: 'pxb', target: { busNr: 254, node: 1 } })
    const ide = input.devices.find((d) => d.kind === 'controller' && d.type === 'ide')
    expect(ide?.address).toEqual({ type: 'pci', domain: 0, bus: 0, slot: 1, function: 1 })
  })

  it('reads memory-hotplug-dimm-addr: memory slots, vcpus, dimm addresses', () => {
    const input = parseCase('memory-hotplug-dimm-addr')
    expect(input).toMatchObject({ arch: 'i686', machine: 'pc', memorySlots: 16, vcpus: 2 })
    const dimms = input.devices.filter((d) => d.kind === 'memory')
    expect(dimms.length).toBeGreaterThan(0)
    expect(dimms.every((d) => d.memorySlotted === true)).toBe(true)
    expect(dimms.some((d) => d.address?.type === 'dimm')).toBe(true)
  })

  it('reads disk-virtio-s390-zpci: a PCI address with its zPCI extension', () => {
    const [disk] = parseCase('disk-virtio-s390-zpci').devices
    expect(disk?.address).toEqual({ type: 'pci', domain: 0, bus: 0, slot: 8, function: 0, zpci: { uid: 0x19, fid: 0x1f } })
  })

  it('accepts every successful case and refuses the parse-level error cases', () => {
    const refused: string[] = []
    for (const name of corpusCaseNames()) {
      const c = readCase(name)
      const r = parseDomainXml(c.input)
      if (c.meta.expect === 'ok') expect(r.ok, `${name}: ${r.ok ? '' : r.error.message}`).toBe(true)
      else if (!r.ok) refused.push(name)
    }
    expect(refused).toEqual(
      expect.arrayContaining([
        'pci-bus-invalid',
        'pci-slot-invalid',
        'pci-function-invalid',
        'pci-bridge-negative-index-invalid',
        'usb-too-long-port-path-invalid',
      ]),
    )
  })
})

if (!corpusAvailable) {
  describe('parseDomainXml on corpus inputs', () => {
    it.skip(CORPUS_MISSING_MESSAGE, () => {})
  })
}

describe('parseDomainXml', () => {
  it('reads domain-level fields with defaults', () => {
    const r = parseDomainXml(`<domain type='qemu'><os><type>hvm</type></os><features><acpi/><apic/></features><devices/></domain>`)
    expect(r.ok && r.value.input).toEqual({ arch: 'x86_64', machine: '', domainType: 'qemu', devices: [], features: ['acpi', 'apic'] })
  })

  it("reads the I/O APIC driver and an IOMMU's interrupt remapping and extended interrupt mode, refusing a value but on or off", () => {
    const r = parseDomainXml(
      `<domain type='qemu'><vcpu>288</vcpu><os><type arch='x86_64' machine='q35'>hvm</type></os><features><acpi/><ioapic driver='qemu'/></features>` +
        `<devices><iommu model='intel'><driver intremap='on' eim='off' caching_mode='on'/></iommu></devices></domain>`,
    )
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.input).toMatchObject({ vcpus: 288, ioapic: 'qemu', features: ['acpi', 'ioapic'] })
    expect(r.value.input.devices).toMatchObject([{ kind: 'iommu', model: 'intel', intremap: 'on', eim: 'off' }])
    const bad = parseDomainXml(
      `<domain type='qemu'><os><type>hvm</type></os><devices><iommu model='intel'><driver eim='yes'/></iommu></devices></domain>`,
    )
    expect(bad.ok || bad.error.message).toMatch(/iommu #1: <driver eim='yes'> must be 'on' or 'off'/)
  })

  it('reads the firmware, whether all guest RAM is shared, and which disks have no medium', () => {
    const read = (body: string) => {
      const r = parseDomainXml(`<domain type='qemu'>${body}</domain>`)
      if (!r.ok) throw new Error(r.error.message)
      return r.value.input
    }
    expect(read(`<os firmware='efi'><type>hvm</type></os>`).firmware).toBe('efi')
    expect(read(`<os><type>hvm</type><loader type='pflash'>/x.fd</loader></os>`).firmware).toBe('efi')
    expect(read(`<os><type>hvm</type><loader type='rom'>/x.bin</loader></os>`).firmware).toBeUndefined()
    const shared = `<memoryBacking><access mode='shared'/></memoryBacking>`
    const cells = (...access: string[]) =>
      `<cpu><numa>${access.map((a, i) => `<cell id='${i}' cpus='${i}' memory='1024'${a ? ` memAccess='${a}'` : ''}/>`).join('')}</numa></cpu>`
    const os = `<os><type>hvm</type></os>`
    expect(read(`${shared}${os}`).sharedMemory).toBe(true)
    expect(read(os).sharedMemory).toBeUndefined()
    expect(read(`${os}${cells('shared', 'shared')}`).sharedMemory).toBe(true)
    expect(read(`${shared}${os}${cells('', 'shared')}`).sharedMemory).toBe(true)
    expect(read(`${os}${cells('', 'shared')}`).sharedMemory).toBeUndefined()
    expect(read(`${shared}${os}${cells('private')}`).sharedMemory).toBeUndefined()
    const disks = read(
      `${os}<devices><disk type='file' device='cdrom'><target dev='sda' bus='usb'/></disk>` +
        `<disk type='file' device='cdrom'><source file=''/><target dev='sdb' bus='usb'/></disk>` +
        `<disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vda' bus='virtio'/></disk>` +
        `<disk type='network' device='disk'><source protocol='nbd' name='x'/><target dev='vdb' bus='virtio'/></disk></devices>`,
    ).devices
    expect(disks.map((d) => d.emptyMedium)).toEqual([true, true, undefined, undefined])
  })

  it.each([
    [`<domain type='qemu'><devices/></domain>`, 1],
    [`<domain type='qemu'>\n<os/><devices/></domain>`, 2],
    [`<domain type='qemu'><os><type arch='x86_64' machine='q35'/></os><devices/></domain>`, 1],
  ])('refuses a domain without an OS type, as libvirt does: %s', (xml, line) => {
    const r = parseDomainXml(xml)
    expect(!r.ok && r.error).toMatchObject({
      code: 'invalid-value',
      message: expect.stringContaining('an <os><type> must be specified'),
      line,
    })
  })

  it('reads <os><boot dev> and the boot order of the devices libvirt boots from', () => {
    const r = parseDomainXml(
      domain(
        `    <disk type='file' device='disk'><target dev='vda' bus='virtio'/><boot order='2'/></disk>
    <interface type='network'><boot order='1'/></interface>
    <video><boot order='3'/></video>`,
        `<os><type arch='x86_64' machine='q35'>hvm</type><boot dev='hd'/><boot dev='network'/></os>`,
      ),
    )
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.input.osBoot).toBe(true)
    // note: libvirt reads <boot> only on disks, filesystems, interfaces, host devices and redirdevs
    expect(r.value.input.devices.map((d) => [d.id, d.bootOrder])).toEqual([
      ['disk0', 2],
      ['interface0', 1],
      ['video0', undefined],
    ])
    const plain = parseDomainXml(domain(`    <interface type='network'/>`))
    expect(plain.ok && plain.value.input.osBoot).toBeUndefined()
  })

  it('refuses a boot order of 0 or none, and a boot device libvirt does not know', () => {
    const zero = parseDomainXml(domain(`    <interface type='network'><boot order='0'/></interface>`))
    expect(zero).toMatchObject({ ok: false, error: { code: 'invalid-value', message: expect.stringContaining('interface #1') } })
    expect(parseDomainXml(domain(`    <interface type='network'><boot/></interface>`)).ok).toBe(false)
    const dev = parseDomainXml(domain('', `<os><type arch='x86_64' machine='q35'>hvm</type><boot dev='usb'/></os>`))
    expect(dev).toMatchObject({ ok: false, error: { code: 'invalid-value', message: expect.stringContaining("dev='usb'") } })
  })

  it('reads every kind of address, with 0 for missing numbers, each number in its libvirt base', () => {
    const r = parseDomainXml(
      domain(`    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><address type='drive' unit='010'/></disk>
    <controller type='pci'><address type='pci'/></controller>
    <controller type='usb' index='0' model='ich9-uhci1' ports='8'><master startport='2'/></controller>
    <serial type='pty'><target type='isa-serial' port='0'><model name='isa-serial'/></target><address type='isa' iobase='0x3f8' irq='4'/></serial>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/><address type='virtio-serial' port='2'/></channel>
    <smartcard mode='passthrough' type='spicevmc'><address type='ccid' controller='0' slot='0'/></smartcard>
    <hub type='usb'><address type='usb' bus='0'/></hub>
    <panic model='pseries'><address type='spapr-vio'/></panic>
    <rng model='virtio'><address type='ccw' cssid='0xfe' ssid='0' devno='0x0007'/></rng>
    <hostdev mode='subsystem' type='pci'><source><address domain='0x1' bus='2'/></source><address type='unassigned'/></hostdev>
    <vsock model='virtio'><address type='virtio-mmio'/></vsock>`),
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const [disk, pci, usb, serial, channel, smartcard, hub, panic, rng, hostdev, vsock] = r.value.input.devices
    expect(disk).toMatchObject({
      diskDevice: 'cdrom',
      dst: 'hdc',
      bus: 'ide',
      address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 10 },
    })
    expect(pci?.address).toEqual({ type: 'pci', domain: 0, bus: 0, slot: 0, function: 0 })
    expect(usb).toMatchObject({ id: 'controller1', index: 0, ports: 8, masterStartport: 2 })
    expect(serial).toMatchObject({
      targetType: 'isa-serial',
      targetPort: 0,
      targetModel: 'isa-serial',
      address: { type: 'isa', iobase: 0x3f8, irq: 4 },
    })
    expect(channel).toMatchObject({
      targetName: 'org.qemu.guest_agent.0',
      address: { type: 'virtio-serial', controller: 0, bus: 0, port: 2 },
    })
    expect(smartcard).toMatchObject({ mode: 'passthrough', type: 'spicevmc', address: { type: 'ccid', controller: 0, slot: 0 } })
    expect(hub?.address).toEqual({ type: 'usb', bus: 0 })
    expect(panic?.address).toEqual({ type: 'spapr-vio' })
    expect(rng?.address).toEqual({ type: 'ccw', cssid: 0xfe, ssid: 0, devno: 7 })
    // the <source><address> of a hostdev is the host's, not the guest's
    expect(hostdev).toMatchObject({ mode: 'subsystem', type: 'pci', address: { type: 'unassigned' } })
    expect(hostdev?.hostIsPcie).toBeUndefined()
    expect(vsock?.address).toEqual({ type: 'virtio-mmio' })
  })

  it.each([
    [
      `<interface type='user'/>\n<interface type='user'><address type='pci' slot='0x20'/></interface>`,
      `interface #2: PCI address slot='0x20' must be <= 0x1F`,
    ],
    [`<disk type='file'><address type='pci' function='8'/></disk>`, `disk #1: PCI address function='8' must be <= 7`],
    [`<disk type='file'><address type='pci' bus='0x100'/></disk>`, `disk #1: PCI address bus='0x100' must be <= 0xFF`],
    [`<disk type='file'><address type='pci' slot='two'/></disk>`, `disk #1: PCI address slot='two' is not a non-negative integer`],
    [
      `<disk type='file'><address type='drive' unit='-1'/></disk>`,
      `disk #1: drive address unit='-1' is not a non-negative decimal integer (libvirt reads it in base 10)`,
    ],
    [
      `<disk type='file'><address type='pci' multifunction='yes'/></disk>`,
      `disk #1: PCI address multifunction='yes' must be 'on' or 'off'`,
    ],
    [
      `<rng model='virtio'><address type='ccw' cssid='0xfe'/></rng>`,
      `rng #1: CCW address needs all of cssid, ssid and devno, or none of them`,
    ],
    [
      `<hub type='usb'><address type='usb' bus='0' port='1.2.3.4.5'/></hub>`,
      `hub #1: USB address port='1.2.3.4.5' must be a dotted path of 1 to 4 port numbers`,
    ],
    [`<disk type='file'><address type='pcie'/></disk>`, `disk #1: unknown address type 'pcie'`],
    [`<memory model='dimm'><address type='dimm' base='0x100000000'/></memory>`, `memory #1: a DIMM address needs a slot (slot='N')`],
    [
      `<controller type='pci' index='x'/>`,
      `controller #1: <controller index='x'> must be a non-negative decimal integer (libvirt reads it in base 10)`,
    ],
    [`<controller type='pci'><target hotplug='maybe'/></controller>`, `controller #1: <target hotplug='maybe'> must be 'on' or 'off'`],
    [`<hostdev mode='subsystem' managed='no'><address type='drive'/></hostdev>`, `hostdev #1: <hostdev> needs a type (pci, usb, scsi…)`],
  ])('refuses invalid values: %s', (devices, message) => {
    const r = parseDomainXml(domain(devices))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'invalid-value', message })
    expect(r.error.line).toBeGreaterThanOrEqual(4)
  })

  it('refuses a document that is not a domain', () => {
    const r = parseDomainXml(`<network><name>default</name></network>`)
    expect(r.ok ? undefined : r.error.code).toBe('not-a-domain')
  })

  it('refuses unsafe XML before reading anything', () => {
    const r = parseDomainXml(
      `<?xml version='1.0'?>\n<!DOCTYPE domain [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<domain><name>&xxe;</name></domain>`,
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'unsafe-xml', line: 2 })
  })

  it('gives the line and column of a syntax error', () => {
    const r = parseDomainXml(`<domain type='kvm'>\n  <devices>\n    <disk type='file'>\n    </devices>\n</domain>\n`)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error).toMatchObject({ code: 'xml-syntax', line: 4 })
    expect(r.error.column).toBe(14)
  })
})
