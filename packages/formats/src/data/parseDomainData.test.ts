import { type Device, expandDomain } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { formatFormatError } from './formatError.ts'
import { parseDomainJson, parseDomainYaml, parsePolicyJson, parsePolicyYaml } from './parseDomainData.ts'
import { toJson, toYaml } from './serializeExpansion.ts'

const EXAMPLE_YAML = `# a q35 guest: two disks, a NIC pinned to NUMA node 1, a GPU with its own slot
arch: x86_64
machine: pc-q35-8.2
domainType: kvm
vcpus: 8
numaNodes: 2
policy:
  name: kubevirt
  version: 3
  tunables:
    sparePorts: kubevirt-v3
    memoryMiB: 4096
    rootPortHotplug: off-when-occupied
devices:
  - kind: disk
    type: file
    bus: virtio
    dst: vda
  - kind: disk
    bus: sata
    dst: sda
    diskDevice: cdrom
    address: { controller: 0, bus: 0, target: 0, unit: 1 }
  - kind: interface
    type: network
    model: virtio
    numaNode: 1
    hotplug: "off"
  - kind: hostdev
    mode: subsystem
    type: pci
    hostAddress: "0000:3b:00.0"
    placement: pcie
  - kind: controller
    type: pci
    model: pcie-root-port
    index: 7
    target: { chassis: 7, port: 0x17, hotplug: "off" }
    address: "0000:00:03.0"
    multifunction: true
  - kind: input
    type: tablet
    bus: usb
    address: { type: usb, bus: 0, port: "1" }
`

const minimal = (devices: string) => `arch: x86_64\nmachine: q35\ndevices:\n${devices}`

function expectError(r: ReturnType<typeof parseDomainYaml>): string {
  if (r.ok) throw new Error('expected an error')
  return formatFormatError(r.error)
}

describe('parseDomainYaml', () => {
  it('reads arch, machine, options, policy and devices', () => {
    const r = parseDomainYaml(EXAMPLE_YAML)
    if (!r.ok) throw new Error(formatFormatError(r.error))
    const { input, policy, newDomain } = r.value
    expect(newDomain).toBeUndefined()
    expect(policy).toEqual({
      name: 'kubevirt',
      version: 3,
      tunables: { sparePorts: 'kubevirt-v3', memoryMiB: 4096, rootPortHotplug: 'off-when-occupied' },
    })
    expect(input).toMatchObject({ arch: 'x86_64', machine: 'pc-q35-8.2', domainType: 'kvm', vcpus: 8, numaNodes: 2 })
    expect(input.devices.map((d) => d.id)).toEqual(['disk0', 'disk1', 'interface0', 'hostdev0', 'controller0', 'input0'])
    expect(input.devices.every((d) => d.origin === 'input')).toBe(true)
    expect(input.devices[1]).toMatchObject({ diskDevice: 'cdrom', address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 1 } })
    expect(input.devices[2]).toMatchObject({ numaNode: 1, hotplug: 'off' })
    expect(input.devices[3]).toMatchObject({ hostAddress: '0000:3b:00.0', placement: 'pcie' })
    expect(input.devices[4]).toMatchObject({
      index: 7,
      target: { chassis: 7, port: 0x17, hotplug: 'off' },
      address: { type: 'pci', domain: 0, bus: 0, slot: 3, function: 0, multifunction: 'on' },
    })
    expect(input.devices[5]?.address).toEqual({ type: 'usb', bus: 0, port: '1' })
  })

  it('numbers ids per kind and keeps the ids it is given', () => {
    const r = parseDomainYaml(minimal('  - kind: disk\n  - kind: disk\n    id: boot\n  - kind: disk\n  - kind: interface\n'))
    expect(r.ok && r.value.input.devices.map((d) => d.id)).toEqual(['disk0', 'boot', 'disk2', 'interface0'])
  })

  it('takes an empty or missing device list', () => {
    expect(parseDomainYaml('arch: aarch64\nmachine: virt\n')).toEqual({
      ok: true,
      value: { input: { arch: 'aarch64', machine: 'virt', devices: [] } },
    })
    expect(parseDomainYaml('arch: aarch64\nmachine: virt\ndevices:\n').ok).toBe(true)
  })

  it('reads newDomain', () => {
    const r = parseDomainYaml('arch: x86_64\nmachine: pc\nnewDomain: false\n')
    expect(r.ok && r.value.newDomain).toBe(false)
  })

  it('reads every object address type', () => {
    const r = parseDomainYaml(
      minimal(`  - { kind: channel, address: { type: virtio-serial, controller: 0, bus: 0, port: 2 } }
  - { kind: smartcard, address: { type: ccid, controller: 0, slot: 0 } }
  - { kind: serial, address: { type: spapr-vio, reg: 0x30000000 } }
  - { kind: disk, address: { type: ccw, cssid: 0xfe, ssid: 0, devno: 0x0001 } }
  - { kind: disk, address: { type: virtio-mmio } }
  - { kind: tpm, address: { type: isa, iobase: 0x3f8, irq: 4 } }
  - { kind: memory, address: { type: dimm, slot: 1, base: 0x100000000 } }
  - { kind: hostdev, address: { type: unassigned } }
  - { kind: input, address: { type: usb, bus: 0, port: 1.2 } }
`),
    )
    if (!r.ok) throw new Error(formatFormatError(r.error))
    expect(r.value.input.devices.map((d) => d.address)).toEqual([
      { type: 'virtio-serial', controller: 0, bus: 0, port: 2 },
      { type: 'ccid', controller: 0, slot: 0 },
      { type: 'spapr-vio', reg: 0x30000000 },
      { type: 'ccw', cssid: 0xfe, ssid: 0, devno: 1 },
      { type: 'virtio-mmio' },
      { type: 'isa', iobase: 0x3f8, irq: 4 },
      { type: 'dimm', slot: 1, base: 0x100000000 },
      { type: 'unassigned' },
      { type: 'usb', bus: 0, port: '1.2' },
    ])
  })

  it.each([
    [
      'an unknown kind',
      '  - kind: disk\n  - kind: nic\n',
      /^line 5, column 11: devices\[1\]: kind "nic" is not a device kind \(disk, controller/,
    ],
    ['a missing kind', '  - model: virtio\n', /^line 4, column 5: devices\[0\]: kind is missing/],
    [
      'a slot past 0x1f',
      '  - kind: disk\n  - kind: disk\n  - kind: disk\n  - kind: interface\n    address: "0000:00:20.0"\n',
      /^line 8, column 14: devices\[3\] \(interface\): address "0000:00:20\.0": slot must be <= 0x1f$/,
    ],
    [
      'a function past 7',
      '  - kind: interface\n    address: "00:01.8"\n',
      /devices\[0\] \(interface\): address "00:01\.8": function must be <= 7/,
    ],
    [
      'a malformed PCI address',
      '  - kind: disk\n    address: "pci 1"\n',
      /devices\[0\] \(disk\): address "pci 1": must be a PCI address "DDDD:BB:SS\.F"/,
    ],
    [
      'a wrong type',
      '  - kind: controller\n    index: two\n',
      /^line 5, column 12: devices\[0\] \(controller\): index must be a non-negative integer, not "two"$/,
    ],
    [
      'a negative number',
      '  - kind: interface\n    numaNode: -1\n',
      /devices\[0\] \(interface\): numaNode must be a non-negative integer, not -1/,
    ],
    ['an unknown key', '  - kind: interface\n    numa_node: 1\n', /^line 5, column 5: devices\[0\] \(interface\): unknown key "numa_node"/],
    [
      'a bad enum',
      '  - kind: interface\n    placement: pcix\n',
      /devices\[0\] \(interface\): placement must be one of "pci", "pcie", "integrated", not "pcix"/,
    ],
    [
      'an unknown address type',
      '  - kind: disk\n    address: { type: scsi }\n',
      /devices\[0\] \(disk\): address type must be one of "pci", "drive"/,
    ],
    [
      'a key of another address type',
      '  - kind: disk\n    address: { unit: 0, port: 1 }\n',
      /devices\[0\] \(disk\): drive address: unknown key "port"/,
    ],
    [
      'multifunction without a PCI address',
      '  - kind: disk\n    multifunction: true\n',
      /devices\[0\] \(disk\): multifunction and zpci need a PCI address/,
    ],
    ['half a CCW address', '  - kind: disk\n    address: { type: ccw, cssid: 0 }\n', /ccw address needs all of cssid, ssid and devno/],
    [
      'a duplicate id',
      '  - kind: disk\n  - kind: disk\n    id: disk0\n',
      /devices\[1\] \(disk\): id "disk0" is already the id of devices\[0\]/,
    ],
    [
      'a bad host address',
      '  - kind: hostdev\n    hostAddress: "0000:3b:00"\n',
      /devices\[0\] \(hostdev\): hostAddress "0000:3b:00": must be a PCI address/,
    ],
    ['a device that is not a mapping', '  - disk\n', /devices\[0\] must be a mapping of keys to values, not "disk"/],
  ])('names the device and the value for %s', (_what, devices, message) => {
    expect(expectError(parseDomainYaml(minimal(devices)))).toMatch(message)
  })

  it.each([
    ['a missing machine', 'arch: x86_64\n', /^line 1, column 1: machine is missing$/],
    ['an unknown top-level key', 'arch: x86_64\nmachine: q35\nmachines: [pc]\n', /^line 3, column 1: domain: unknown key "machines"/],
    ['a policy without a version', 'arch: x86_64\nmachine: q35\npolicy: { name: x }\n', /policy\.version is missing/],
    [
      'a bad tunable',
      'arch: x86_64\nmachine: q35\npolicy: { name: x, version: 1, tunables: { sparePorts: 3 } }\n',
      /policy\.tunables\.sparePorts must be one of "libvirt", .*\{ free: N \} or \{ total: N \}, not 3/,
    ],
    ['not a mapping', '- a\n- b\n', /^line 1, column 1: a domain must be a mapping/],
    ['YAML syntax', 'arch: [x86_64\n', /^line \d+, column \d+: not valid YAML: /],
    ['duplicate keys', 'arch: x86_64\narch: i686\nmachine: pc\n', /^line 2, column 1: not valid YAML: Map keys must be unique/],
  ])('rejects %s', (_what, text, message) => {
    expect(expectError(parseDomainYaml(text))).toMatch(message)
  })
})

describe('parseDomainJson', () => {
  it('reads the same shape as YAML', () => {
    const json = JSON.stringify({
      arch: 'x86_64',
      machine: 'q35',
      devices: [{ kind: 'interface', model: 'virtio', address: '0000:01:00.0' }],
    })
    const r = parseDomainJson(json)
    expect(r.ok && r.value.input.devices[0]).toEqual({
      id: 'interface0',
      kind: 'interface',
      origin: 'input',
      sourceIndex: 0,
      model: 'virtio',
      address: { type: 'pci', domain: 0, bus: 1, slot: 0, function: 0 },
    })
  })

  it('refuses YAML-only syntax, with a place', () => {
    const e = expectError(parseDomainJson('{\n  "arch": "x86_64",\n  machine: q35\n}'))
    expect(e).toMatch(/^line 3, column 3: not valid JSON: /)
  })

  it('places value errors in the JSON text', () => {
    const e = expectError(
      parseDomainJson(
        '{\n  "arch": "x86_64",\n  "machine": "q35",\n  "devices": [\n    { "kind": "interface", "address": "0000:00:20.0" }\n  ]\n}',
      ),
    )
    expect(e).toBe('line 5, column 39: devices[0] (interface): address "0000:00:20.0": slot must be <= 0x1f')
  })
})

describe('parsePolicyYaml / parsePolicyJson', () => {
  it('reads a policy file', () => {
    const text =
      'name: nova\nversion: 2\ntunables:\n  sparePorts: { total: 16 }\n  reservedSlots: [3, 4]\n  rootPortGrouping: distinct-slots\n'
    expect(parsePolicyYaml(text)).toEqual({
      ok: true,
      value: {
        name: 'nova',
        version: 2,
        tunables: { sparePorts: { total: 16 }, reservedSlots: [3, 4], rootPortGrouping: 'distinct-slots' },
      },
    })
    expect(parsePolicyJson('{"name":"libvirt","version":1}')).toEqual({ ok: true, value: { name: 'libvirt', version: 1, tunables: {} } })
  })

  it('refuses unknown tunables and bad values, naming them', () => {
    const unknown = parsePolicyYaml('name: x\nversion: 1\ntunables:\n  spareports: 3\n')
    expect(!unknown.ok && formatFormatError(unknown.error)).toMatch(/^line 4, column 3: tunables: unknown key "spareports"/)
    const slot = parsePolicyYaml('name: x\nversion: 1\ntunables:\n  reservedSlots: [3, 32]\n')
    expect(!slot.ok && slot.error.message).toBe('tunables.reservedSlots[1] must be <= 0x1f, not 32')
    const missing = parsePolicyYaml('version: 1\n')
    expect(!missing.ok && missing.error.message).toBe('name is missing')
  })
})

describe('toYaml / toJson', () => {
  const expansion = () => {
    const parsed = parseDomainYaml(EXAMPLE_YAML)
    if (!parsed.ok) throw new Error(formatFormatError(parsed.error))
    const r = expandDomain(parsed.value.input, parsed.value.policy ? { policy: parsed.value.policy } : {})
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.value
  }

  it('round-trips through YAML: the output reads back as the same devices', () => {
    const e = expansion()
    const yaml = toYaml(e)
    const back = parseDomainYaml(yaml)
    if (!back.ok) throw new Error(formatFormatError(back.error))
    expect(back.value.input.arch).toBe(e.arch)
    expect(back.value.input.machine).toBe(e.machine)
    expect(back.value.policy).toEqual({ ...e.policy, tunables: {} })
    expect(back.value.input.devices.map(withoutSource)).toEqual(e.devices.map(asInput))
  })

  it('round-trips through JSON', () => {
    const e = expansion()
    const back = parseDomainJson(toJson(e))
    if (!back.ok) throw new Error(formatFormatError(back.error))
    expect(back.value.input.devices.map(withoutSource)).toEqual(e.devices.map(asInput))
  })

  it('is deterministic: same expansion, same bytes, and writing what it read gives the same text', () => {
    const a = expansion()
    const b = expansion()
    expect(toYaml(a)).toBe(toYaml(b))
    expect(toJson(a)).toBe(toJson(b))
    const yaml = toYaml(a)
    const back = parseDomainYaml(yaml)
    if (!back.ok) throw new Error('unreadable')
    const again = toYaml({ ...a, devices: back.value.input.devices.map((d, i) => ({ ...withoutSource(d), origin: a.devices[i]!.origin })) })
    expect(again).toBe(yaml)
  })

  it('writes readable addresses and quotes what YAML 1.1 would misread', () => {
    const yaml = toYaml({
      arch: 'x86_64',
      machine: 'q35',
      policy: { name: 'libvirt', version: 1 },
      devices: [
        {
          id: 'controller0',
          kind: 'controller',
          origin: 'input',
          type: 'pci',
          model: 'pcie-root-port',
          index: 1,
          target: { chassis: 1, port: 16, hotplug: 'off' },
          address: { type: 'pci', domain: 0, bus: 0, slot: 2, function: 0, multifunction: 'on' },
        },
        {
          id: 'disk0',
          kind: 'disk',
          origin: 'input',
          bus: 'sata',
          dst: 'sda',
          address: { type: 'drive', controller: 0, bus: 0, target: 0, unit: 0 },
        },
        { id: 'interface0', kind: 'interface', origin: 'input', model: 'virtio', hotplug: 'off' },
      ],
      warnings: [{ code: 'root-port-count', message: 'many root ports' }],
    })
    expect(yaml).toBe(`arch: x86_64
machine: q35
policy:
  name: libvirt
  version: 1
devices:
  - id: controller0
    kind: controller
    origin: input
    type: pci
    model: pcie-root-port
    index: 1
    target:
      chassis: 1
      port: 16
      hotplug: "off"
    address: "0000:00:02.0"
    multifunction: true
  - id: disk0
    kind: disk
    origin: input
    bus: sata
    dst: sda
    address:
      type: drive
      controller: 0
      bus: 0
      target: 0
      unit: 0
  - id: interface0
    kind: interface
    origin: input
    model: virtio
    hotplug: "off"
warnings:
  - code: root-port-count
    message: many root ports
`)
  })
})

function withoutSource(d: Device): Device {
  const { sourceIndex: _, ...rest } = d
  return rest
}

/** What an expansion's device reads back as: the same, as an input device. */
function asInput(d: Device): Device {
  const { sourceIndex: _, ...rest } = d
  return { ...rest, origin: 'input' }
}
