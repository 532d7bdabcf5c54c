import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import type { DomainInput } from '../model/domain.ts'
import { dev, rejection } from '../testing/devices.ts'
import { DEFAULT_LIBVIRT_VERSION, libvirtVersionNamed } from './libvirtProfile.ts'
import { type QemuCapability, recordedQemuCaps } from './qemuCapabilities.ts'

const aarch64 = (devices: DomainInput['devices']): DomainInput => ({ arch: 'aarch64', machine: 'virt', devices })

describe('libvirt version profiles', () => {
  it('9.0 with QEMU 7.2 gives aarch64 SCSI controllers lsilogic (a PCI bridge follows); 9.9 virtio-scsi', () => {
    const input = aarch64([dev({ kind: 'disk', bus: 'scsi', dst: 'sda' })])
    const v99 = expandDomain(input, { newDomain: true, libvirtVersion: '9.9' })
    const v90 = expandDomain(input, { newDomain: true, libvirtVersion: '9.0' })
    expect(v99.ok && v99.value.devices.find((d) => d.type === 'scsi')!.model).toBe('virtio-scsi')
    expect(v90.ok && v90.value.devices.find((d) => d.type === 'scsi')!.model).toBe('lsilogic')
    expect(v90.ok && v90.value.devices.some((d) => d.model === 'pcie-to-pci-bridge')).toBe(true)
  })

  it('9.0 adds no iTCO watchdog, knows no itco or pvpanic model and takes one watchdog', () => {
    const q35 = (devices: DomainInput['devices']): DomainInput => ({ arch: 'x86_64', machine: 'q35', devices })
    const r = expandDomain(q35([]), { libvirtVersion: '9.0' })
    expect(r.ok && r.value.devices.some((d) => d.kind === 'watchdog')).toBe(false)
    const itco = dev({ kind: 'watchdog', model: 'itco' })
    expect(rejection(expandDomain(q35([itco]), { libvirtVersion: '9.0' }))).toMatchObject({
      code: 'unsupported',
      deviceId: itco.id,
      libvirtFunction: 'virDomainWatchdogDefParseXML',
    })
    const pvpanic = dev({ kind: 'panic', model: 'pvpanic' })
    expect(rejection(expandDomain(q35([pvpanic]), { libvirtVersion: '9.0' }))).toMatchObject({ code: 'unsupported', deviceId: pvpanic.id })
    const second = dev({ kind: 'watchdog', model: 'i6300esb' })
    const two = q35([dev({ kind: 'watchdog', model: 'ib700' }), second])
    expect(rejection(expandDomain(two, { libvirtVersion: '9.0' }))).toMatchObject({ code: 'unsupported', deviceId: second.id })
    expect(expandDomain(two, { libvirtVersion: '9.9' }).ok).toBe(true)
  })

  it('9.0 records machine aliases as QEMU 7.2 expands them', () => {
    const r = expandDomain({ arch: 'x86_64', machine: 'q35', devices: [] }, { libvirtVersion: '9.0' })
    expect(r.ok && r.value.machine).toBe('pc-q35-7.2')
    const same = expandDomain({ arch: 'x86_64', machine: 'q35', devices: [] }, { libvirtVersion: '9.9' })
    expect(same.ok && same.value.machine).toBe('q35')
  })
})

describe('release differences, each on a small domain in both releases', () => {
  const q35 = (devices: DomainInput['devices']): DomainInput => ({ arch: 'x86_64', machine: 'q35', devices })
  const ok = (r: ReturnType<typeof expandDomain>) => {
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('; '))
    return r.value
  }
  const pciIndexes = (devices: DomainInput['devices']) => devices.filter((d) => d.kind === 'controller').map((d) => `${d.type}${d.index}`)

  it('defaults to 12.8; latest names it', () => {
    expect(DEFAULT_LIBVIRT_VERSION).toBe('12.8')
    expect(libvirtVersionNamed('latest')).toBe('12.8')
    expect(libvirtVersionNamed('10.0')).toBeUndefined()
  })

  it('11.3 inserts added controllers in index order (root ports right after pcie-root); 9.9 appends them', () => {
    const input = q35([dev({ kind: 'interface', type: 'network', model: 'virtio' })])
    expect(pciIndexes(ok(expandDomain(input, { libvirtVersion: '9.9' })).devices).slice(0, 3)).toEqual(['usb0', 'sata0', 'pci0'])
    expect(pciIndexes(ok(expandDomain(input, { libvirtVersion: '11.3' })).devices).slice(0, 3)).toEqual(['usb0', 'sata0', 'pci0'])
    const order = (v: '9.9' | '11.3') =>
      ok(expandDomain(input, { libvirtVersion: v }))
        .devices.filter((d) => d.kind === 'controller')
        .map((d) => d.type)
    expect(order('9.9').indexOf('usb')).toBe(0)
    // 11.3: pci controllers stay together
    const t = order('11.3')
    expect(t.lastIndexOf('pci') - t.indexOf('pci') + 1).toBe(t.filter((x) => x === 'pci').length)
  })

  it('11.3 rejects ib700 on q35; 9.9 accepts it', () => {
    const input = q35([dev({ kind: 'watchdog', model: 'ib700' })])
    expect(expandDomain(input, { libvirtVersion: '9.9' }).ok).toBe(true)
    expect(rejection(expandDomain(input, { libvirtVersion: '11.3' }))).toMatchObject({
      code: 'unsupported',
      libvirtFunction: 'qemuValidateDomainDefWatchdogs',
    })
  })

  it('9.0 drops <crypto>; 9.9 places it on conventional PCI', () => {
    const input: DomainInput = { arch: 'x86_64', machine: 'pc', devices: [dev({ kind: 'crypto', model: 'virtio' })] }
    expect(ok(expandDomain(input, { libvirtVersion: '9.0' })).devices.some((d) => d.kind === 'crypto')).toBe(false)
    expect(ok(expandDomain(input, { libvirtVersion: '9.9' })).devices.find((d) => d.kind === 'crypto')?.address?.type).toBe('pci')
  })

  it('9.0 and 9.9 drop <pstore>; 11.3 and 12.8 place an acpi-erst pstore on PCI', () => {
    const input = q35([dev({ kind: 'pstore', model: 'acpi-erst' })])
    for (const v of ['9.0', '9.9'] as const)
      expect(ok(expandDomain(input, { libvirtVersion: v })).devices.some((d) => d.kind === 'pstore')).toBe(false)
    for (const v of ['11.3', '12.8'] as const)
      expect(ok(expandDomain(input, { libvirtVersion: v })).devices.find((d) => d.kind === 'pstore')?.address?.type).toBe('pci')
  })

  it('9.0 rejects virtio sound and memory hotplug without NUMA; 9.9 accepts them', () => {
    const sound = q35([dev({ kind: 'sound', model: 'virtio' })])
    expect(rejection(expandDomain(sound, { libvirtVersion: '9.0' }))).toMatchObject({ code: 'unsupported' })
    expect(expandDomain(sound, { libvirtVersion: '9.9' }).ok).toBe(true)
    const hotplug: DomainInput = { ...q35([]), memorySlots: 4 }
    expect(rejection(expandDomain(hotplug, { libvirtVersion: '9.0' }))).toMatchObject({ code: 'unsupported' })
    expect(expandDomain(hotplug, { libvirtVersion: '9.9' }).ok).toBe(true)
  })

  it('11.3 gives aarch64 an lsilogic SCSI controller where QEMU has lsi; 9.9 and 12.8 virtio-scsi', () => {
    const input = aarch64([dev({ kind: 'disk', bus: 'scsi', dst: 'sda' })])
    const model = (v: '9.9' | '11.3' | '12.8') =>
      ok(expandDomain(input, { libvirtVersion: v })).devices.find((d) => d.type === 'scsi')?.model
    expect(model('9.9')).toBe('virtio-scsi')
    expect(model('11.3')).toBe('lsilogic')
    expect(model('12.8')).toBe('virtio-scsi')
    expect(
      ok(expandDomain(input, { libvirtVersion: '11.3', qemuCaps: { missing: ['lsi'] } })).devices.find((d) => d.type === 'scsi')?.model,
    ).toBe('virtio-scsi')
  })

  it('12.8 gives a further implicit SCSI controller the model of controller 0; 11.3 the default', () => {
    const input: DomainInput = {
      arch: 'x86_64',
      machine: 'pc',
      devices: [
        dev({ kind: 'controller', type: 'scsi', index: 0, model: 'virtio-scsi' }),
        dev({ kind: 'disk', bus: 'scsi', dst: 'sda', address: { type: 'drive', controller: 1, bus: 0, target: 0, unit: 0 } }),
      ],
    }
    const second = (v: '11.3' | '12.8') =>
      ok(expandDomain(input, { libvirtVersion: v })).devices.find((d) => d.type === 'scsi' && d.index === 1)?.model
    expect(second('11.3')).toBe('lsilogic')
    expect(second('12.8')).toBe('virtio-scsi')
  })

  it('12.8 gives a model-less SCSI controller the model of the first SCSI controller that has one', () => {
    const scsi = (index: number, model?: string) => dev({ kind: 'controller', type: 'scsi', index, ...(model ? { model } : {}) })
    const models = (devices: DomainInput['devices'], v: '11.3' | '12.8') =>
      ok(expandDomain(q35(devices), { libvirtVersion: v }))
        .devices.filter((d) => d.kind === 'controller' && d.type === 'scsi')
        .map((d) => `${d.index}:${d.model}`)
    // live 12.8: a model-less controller 0 written before a virtio-scsi controller 1 copies it
    expect(models([scsi(1, 'virtio-scsi'), scsi(0)], '12.8')).toEqual(['0:virtio-scsi', '1:virtio-scsi'])
    expect(models([scsi(1, 'virtio-scsi'), scsi(0)], '11.3')).toEqual(['0:lsilogic', '1:virtio-scsi'])
    // the first in the list, not the nearest or the last
    expect(models([scsi(0, 'lsilogic'), scsi(1, 'virtio-scsi'), scsi(2)], '12.8')).toEqual(['0:lsilogic', '1:virtio-scsi', '2:lsilogic'])
    // the controller a SCSI hostdev adds after an index-less virtio-scsi one
    const hostdev = dev({ kind: 'hostdev', mode: 'subsystem', type: 'scsi' })
    const indexless = dev({ kind: 'controller', type: 'scsi', model: 'virtio-scsi' })
    expect(models([indexless, hostdev], '12.8')).toEqual(['1:virtio-scsi', '0:virtio-scsi'])
    expect(models([indexless, hostdev], '11.3')).toEqual(['1:virtio-scsi', '0:lsilogic'])
  })

  it('a SCSI hostdev without an address takes the first unit the SCSI disks leave free (disks are addressed first)', () => {
    const input = q35([
      dev({ kind: 'disk', bus: 'scsi', dst: 'sda' }),
      dev({ kind: 'disk', bus: 'scsi', dst: 'sdb' }),
      dev({ kind: 'hostdev', mode: 'subsystem', type: 'scsi' }),
    ])
    for (const v of ['9.0', '11.3', '12.8'] as const) {
      const a = ok(expandDomain(input, { libvirtVersion: v })).devices.find((d) => d.kind === 'hostdev')?.address
      expect(a).toEqual({ type: 'drive', controller: 0, bus: 0, target: 0, unit: 2 })
    }
  })

  it('SCSI hostdevs past the units of controller 0 get controller 1 added for them (live: 9.0, 11.3, 12.8)', () => {
    const input = q35([
      dev({ kind: 'controller', type: 'scsi', index: 0, model: 'virtio-scsi' }),
      dev({ kind: 'disk', bus: 'scsi', dst: 'sda' }),
      ...Array.from({ length: 9 }, () => dev({ kind: 'hostdev', mode: 'subsystem', type: 'scsi' })),
    ])
    for (const v of ['9.0', '11.3', '12.8'] as const) {
      const e = ok(expandDomain(input, { libvirtVersion: v }))
      const last = e.devices.filter((d) => d.kind === 'hostdev').at(-1)?.address
      expect(last).toEqual({ type: 'drive', controller: 1, bus: 0, target: 0, unit: 2 })
      expect(e.devices.find((d) => d.kind === 'controller' && d.type === 'scsi' && d.index === 1)?.model).toBe('virtio-scsi')
    }
  })

  it('11.3 places index-less USB2 controllers by index once numbered; other index-less controllers keep their place', () => {
    const order = (devices: DomainInput['devices'], v: '9.9' | '11.3', type: string) =>
      ok(expandDomain(q35(devices), { libvirtVersion: v }))
        .devices.filter((d) => d.kind === 'controller' && d.type === type)
        .map((d) => `${d.index}:${d.model}`)
    const usb = [
      dev({ kind: 'controller', type: 'usb', index: 1, model: 'qemu-xhci' }),
      dev({ kind: 'controller', type: 'usb', model: 'ich9-ehci1' }),
      dev({ kind: 'controller', type: 'usb', model: 'ich9-uhci1' }),
    ]
    expect(order(usb, '11.3', 'usb')).toEqual(['0:ich9-ehci1', '0:ich9-uhci1', '1:qemu-xhci'])
    expect(order(usb, '9.9', 'usb')).toEqual(['1:qemu-xhci', '0:ich9-ehci1', '0:ich9-uhci1'])
    // live 11.3: an index-less EHCI with no other USB controller stays where it is written
    const alone = [dev({ kind: 'controller', type: 'usb', model: 'ich9-ehci1' }), dev({ kind: 'controller', type: 'virtio-serial' })]
    expect(
      ok(expandDomain(q35(alone), { libvirtVersion: '11.3' }))
        .devices.filter((d) => d.kind === 'controller' && (d.type === 'usb' || d.type === 'virtio-serial'))
        .map((d) => d.type),
    ).toEqual(['usb', 'virtio-serial'])
    const scsi = [
      dev({ kind: 'controller', type: 'scsi', index: 1, model: 'lsilogic' }),
      dev({ kind: 'controller', type: 'scsi', model: 'virtio-scsi' }),
    ]
    expect(order(scsi, '11.3', 'scsi')).toEqual(['1:lsilogic', '0:virtio-scsi'])
  })

  it('a USB2 companion joins the bus of the previous USB controller even with other controllers between them', () => {
    const input = q35([
      dev({ kind: 'controller', type: 'usb', model: 'ich9-ehci1' }),
      dev({ kind: 'controller', type: 'scsi', model: 'virtio-scsi' }),
      dev({ kind: 'controller', type: 'usb', model: 'ich9-uhci1' }),
    ])
    const usb = ok(expandDomain(input)).devices.filter((d) => d.kind === 'controller' && d.type === 'usb')
    expect(usb.map((d) => d.index)).toEqual([0, 0])
  })

  it('11.3 assigns USB ports in generic device order (disks before host devices); 9.9 host devices first', () => {
    const input = q35([dev({ kind: 'hostdev', mode: 'subsystem', type: 'usb' }), dev({ kind: 'disk', bus: 'usb', dst: 'sda' })])
    const port = (v: '9.9' | '11.3', kind: string) => {
      const a = ok(expandDomain(input, { libvirtVersion: v })).devices.find((d) => d.kind === kind)?.address
      return a?.type === 'usb' ? a.port : undefined
    }
    expect([port('9.9', 'hostdev'), port('9.9', 'disk')]).toEqual(['1', '2'])
    expect([port('11.3', 'disk'), port('11.3', 'hostdev')]).toEqual(['1', '2'])
  })

  it('11.3 picks a model-less USB controller by device availability per arch; 9.9 by machine', () => {
    const board = (arch: string, machine: string): DomainInput => ({
      arch,
      machine,
      devices: [dev({ kind: 'controller', type: 'usb', index: 0 })],
    })
    const model = (input: DomainInput, v: '9.9' | '11.3', missing: QemuCapability[] = []) =>
      ok(expandDomain(input, { libvirtVersion: v, qemuCaps: { missing } })).devices.find((d) => d.type === 'usb')?.model
    expect(model(board('armv7l', 'versatilepb'), '9.9')).toBe('pci-ohci')
    expect(model(board('armv7l', 'versatilepb'), '11.3')).toBe('piix3-uhci')
    expect(model(board('armv7l', 'versatilepb'), '11.3', ['piix3-usb-uhci'])).toBe('pci-ohci')
    expect(model(board('aarch64', 'versatilepb'), '11.3')).toBe('qemu-xhci')
    expect(model(board('riscv64', 'virt'), '9.9')).toBe('qemu-xhci')
    expect(model(board('riscv64', 'virt'), '11.3')).toBe('piix3-uhci')
  })

  it('11.3 gives every realview board an implicit pci-ohci; 9.9 only realview-eb', () => {
    const input: DomainInput = { arch: 'aarch64', machine: 'realview-pbx-a9', devices: [] }
    expect(ok(expandDomain(input, { libvirtVersion: '9.9' })).devices.some((d) => d.type === 'usb')).toBe(false)
    expect(ok(expandDomain(input, { libvirtVersion: '11.3' })).devices.find((d) => d.type === 'usb')?.model).toBe('pci-ohci')
  })

  it('11.3 knows loongarch64 virt (pcie-root, virtio NIC); 9.9 rejects it', () => {
    const input: DomainInput = { arch: 'loongarch64', machine: 'virt', devices: [dev({ kind: 'interface', type: 'network' })] }
    expect(rejection(expandDomain(input, { libvirtVersion: '9.9' }))).toMatchObject({ code: 'unsupported' })
    const e = ok(expandDomain(input, { libvirtVersion: '11.3' }))
    expect(e.devices.find((d) => d.type === 'pci' && d.index === 0)?.model).toBe('pcie-root')
    expect(e.devices.find((d) => d.kind === 'interface')?.model).toBe('virtio')
  })

  it('11.3 makes a model-less panic on ARM virt pvpanic on PCI; 9.x makes it ISA, which aarch64 QEMU lacks', () => {
    const panic = dev({ kind: 'panic' })
    const input = aarch64([panic])
    for (const libvirtVersion of ['9.0', '9.9'] as const)
      expect(rejection(expandDomain(input, { libvirtVersion }))).toMatchObject({
        code: 'unsupported',
        deviceId: panic.id,
        libvirtFunction: 'qemuValidateDomainDefPanic',
      })
    expect(ok(expandDomain(input, { libvirtVersion: '11.3' })).devices.find((d) => d.kind === 'panic')?.address?.type).toBe('pci')
    for (const model of ['isa', 'hyperv'])
      expect(rejection(expandDomain(aarch64([dev({ kind: 'panic', model })]), { libvirtVersion: '12.8' })).code).toBe('unsupported')
    const x86 = { arch: 'x86_64', machine: 'pc', devices: [dev({ kind: 'panic' }), dev({ kind: 'panic', model: 'hyperv' })] }
    expect(expandDomain(x86, { libvirtVersion: '9.0' }).ok).toBe(true)
  })

  it('the QEMU option picks the recorded capability set of that version (or the nearest older)', () => {
    expect(recordedQemuCaps('x86_64', '8.2')?.qemu).toBe('8.1.0')
    expect(recordedQemuCaps('aarch64', '7.0.0')?.qemu).toBe('8.2.0')
    expect(recordedQemuCaps('s390x', '10.0')?.lacks).toContain('piix3-usb-uhci')
    expect(recordedQemuCaps('mips', '10.0')).toBeUndefined()
  })
})
