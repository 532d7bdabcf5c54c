import { describe, expect, it } from 'vitest'

import { newWorkingDevice, plainDevice, workingCopy } from './domain/workingDevice.ts'
import { expandDomain } from './expandDomain.ts'
import { type Address, formatPciAddress } from './model/address.ts'
import type { Device } from './model/device.ts'
import type { DomainInput } from './model/domain.ts'
import { rejection } from './testing/devices.ts'

let n = 0
const dev = (d: Omit<Device, 'id' | 'origin'>): Device => ({ id: `${d.kind}${n++}`, origin: 'input', ...d })

function expand(input: DomainInput, newDomain = false) {
  const r = expandDomain(input, { newDomain })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value.devices
}

const pci = (a: Address | undefined) => (a?.type === 'pci' ? formatPciAddress(a) : a?.type)

describe('expandDomain on q35', () => {
  it('adds pcie-root, three root ports packed on slot 1, xhci, sata and the balloon', () => {
    const out = expand({ arch: 'x86_64', machine: 'q35', devices: [] })
    const ctrls = out.filter((d) => d.kind === 'controller')
    expect(ctrls.map((c) => `${c.type}${c.index}:${c.model ?? ''}`)).toEqual([
      'usb0:qemu-xhci',
      'sata0:',
      'pci0:pcie-root',
      'pci1:pcie-root-port',
      'pci2:pcie-root-port',
      'pci3:pcie-root-port',
    ])
    const ports = ctrls.filter((c) => c.model === 'pcie-root-port')
    expect(ports.map((p) => pci(p.address))).toEqual(['0000:00:01.0', '0000:00:01.1', '0000:00:01.2'])
    expect(ports.map((p) => p.target?.port)).toEqual([8, 9, 10])
    expect(ports[0]!.address).toMatchObject({ multifunction: 'on' })
    expect(pci(ctrls[0]!.address)).toBe('0000:01:00.0')
    expect(pci(ctrls[1]!.address)).toBe('0000:00:1f.2')
    expect(pci(out.find((d) => d.kind === 'memballoon')!.address)).toBe('0000:02:00.0')
  })

  it('puts a conventional PCI NIC behind a pcie-to-pci-bridge on its own root port', () => {
    const out = expand({
      arch: 'x86_64',
      machine: 'q35',
      devices: [dev({ kind: 'interface', type: 'network', model: 'e1000' })],
    })
    const bridge = out.find((d) => d.model === 'pcie-to-pci-bridge')!
    expect(bridge).toBeDefined()
    const nic = out.find((d) => d.kind === 'interface')!
    expect(nic.address).toMatchObject({ type: 'pci', bus: bridge.index, slot: 1 })
  })

  it('keeps a user address and never places another device on it', () => {
    const out = expand({
      arch: 'x86_64',
      machine: 'q35',
      devices: [
        dev({ kind: 'controller', type: 'pci', index: 0, model: 'pcie-root' }),
        dev({
          kind: 'controller',
          type: 'pci',
          index: 1,
          model: 'pcie-root-port',
          address: { type: 'pci', domain: 0, bus: 0, slot: 5, function: 0 },
        }),
        dev({ kind: 'disk', bus: 'virtio', dst: 'vda' }),
      ],
    })
    expect(pci(out.find((d) => d.kind === 'disk')!.address)).toMatch(/^0000:0[2-9]:00.0$/)
    expect(pci(out.find((d) => d.index === 1 && d.type === 'pci')!.address)).toBe('0000:00:05.0')
  })
})

describe('expandDomain on pc', () => {
  it('places PIIX3 IDE/USB on slot 1, video on 2 and devices from slot 3', () => {
    const out = expand({
      arch: 'x86_64',
      machine: 'pc',
      devices: [
        dev({ kind: 'disk', bus: 'virtio', dst: 'vda' }),
        dev({ kind: 'disk', bus: 'ide', dst: 'hdc', diskDevice: 'cdrom' }),
        dev({ kind: 'interface', type: 'network', model: 'virtio' }),
        dev({ kind: 'graphics', type: 'vnc' }),
      ],
    })
    const by = (k: string, t?: string) => out.find((d) => d.kind === k && (t === undefined || d.type === t))!
    expect(pci(by('controller', 'usb').address)).toBe('0000:00:01.2')
    expect(pci(by('controller', 'ide').address)).toBe('0000:00:01.1')
    expect(pci(by('video').address)).toBe('0000:00:02.0')
    expect(pci(by('interface').address)).toBe('0000:00:03.0')
    expect(pci(out.find((d) => d.dst === 'vda')!.address)).toBe('0000:00:04.0')
    expect(pci(by('memballoon').address)).toBe('0000:00:05.0')
    expect(out.find((d) => d.dst === 'hdc')!.address).toEqual({ type: 'drive', controller: 0, bus: 1, target: 0, unit: 0 })
  })

  it('adds a pci-bridge when bus 0 fills up', () => {
    const disks = Array.from({ length: 30 }, (_, i) =>
      dev({ kind: 'disk', bus: 'virtio', dst: `vd${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'a' : ''}` }),
    )
    const out = expand({ arch: 'x86_64', machine: 'pc', devices: disks })
    const bridge = out.find((d) => d.model === 'pci-bridge')!
    expect(bridge.index).toBe(1)
    expect(bridge.target?.chassisNr).toBe(1)
    expect(out.some((d) => d.address?.type === 'pci' && d.address.bus === 1)).toBe(true)
  })

  it('rejects a device on the PIIX3 slot, naming it and the rule', () => {
    const nic = dev({
      kind: 'interface',
      type: 'network',
      model: 'e1000',
      address: { type: 'pci', domain: 0, bus: 0, slot: 1, function: 0 },
    })
    const e = rejection(expandDomain({ arch: 'x86_64', machine: 'pc', devices: [nic] }))
    expect(e).toMatchObject({
      code: 'reserved-slot',
      deviceId: nic.id,
      address: '0000:00:01.0',
      libvirtFunction: 'qemuDomainValidateDevicePCISlotsPIIX3',
    })
    expect(e.device).toMatch(/^interface/)
    expect(e.message).toMatch(/PIIX3/)
  })

  it('rejects two devices on one address, naming the later one (libvirt visits disks first) by id', () => {
    const at = { type: 'pci', domain: 0, bus: 0, slot: 5, function: 0 } as const
    const nic = dev({ kind: 'interface', type: 'network', model: 'e1000', address: at })
    const disk = dev({ kind: 'disk', bus: 'virtio', dst: 'vda', address: at })
    const e = rejection(expandDomain({ arch: 'x86_64', machine: 'pc', devices: [nic, disk] }))
    expect(e).toMatchObject({
      code: 'address-conflict',
      deviceId: nic.id,
      address: '0000:00:05.0',
      libvirtFunction: 'virDomainPCIAddressReserveAddrInternal',
    })
    expect(e.message).toBe('PCI address already in use by disk vda (virtio)')
  })

  it('names no device when the rule is about the whole domain', () => {
    const usbNone = dev({ kind: 'controller', type: 'usb', index: 0, model: 'none' })
    const e = rejection(
      expandDomain(
        { arch: 'x86_64', machine: 'pc', devices: [usbNone, dev({ kind: 'disk', bus: 'usb', dst: 'sda' })] },
        { newDomain: true },
      ),
    )
    expect(e.code).toBe('unsupported')
    expect(e.deviceId).toBeUndefined()
    expect(e.libvirtFunction).toBe('qemuDomainUSBAddressAddHubs')
  })
})

describe('expandDomain determinism', () => {
  it('gives identical output for identical input and does not mutate its input', () => {
    const input: DomainInput = {
      arch: 'x86_64',
      machine: 'q35',
      devices: [dev({ kind: 'disk', bus: 'virtio', dst: 'vda' }), dev({ kind: 'channel', type: 'unix', targetType: 'virtio' })],
    }
    const before = JSON.stringify(input)
    expect(JSON.stringify(expand(input))).toBe(JSON.stringify(expand(input)))
    expect(JSON.stringify(input)).toBe(before)
  })

  it('hands over its working devices with plainDevices false: the same devices, every field present', () => {
    const input: DomainInput = {
      arch: 'x86_64',
      machine: 'q35',
      devices: [
        dev({ kind: 'disk', bus: 'sata', dst: 'sda', diskDevice: 'cdrom', emptyMedium: true }),
        dev({ kind: 'interface', type: 'network', model: 'virtio', bootOrder: 1 }),
        dev({ kind: 'controller', type: 'pci', model: 'pcie-root-port', index: 4, target: { chassis: 9 } }),
      ],
    }
    const plain = expandDomain(input, { newDomain: true })
    const working = expandDomain(input, { newDomain: true, plainDevices: false })
    if (!plain.ok || !working.ok) throw new Error('refused')
    expect(working.value.devices.map(plainDevice)).toStrictEqual(plain.value.devices)
    // note: the working objects hold every field of Device, set or not (the one shape the writer reads)
    for (const d of working.value.devices) expect(Object.keys(d)).toEqual(Object.keys(working.value.devices[0]!))
    expect(Object.keys(plain.value.devices[0]!).length).toBeLessThan(Object.keys(working.value.devices[0]!).length)
  })

  it('keeps every field of a device in the public shape: plainDevice of a working copy gives the device back whole', () => {
    // note: every field the working shape has, set; plainDevice names its fields one by one
    const full: Record<string, unknown> = {}
    for (const k of Object.keys(newWorkingDevice('disk0', 'disk', 'input'))) if (k !== 'pciFlags') full[k] = `${k}-value`
    Object.assign(full, { id: 'disk0', kind: 'disk', origin: 'input' })
    expect(plainDevice(workingCopy(full as unknown as Device))).toStrictEqual(full)
  })

  it('works on the input devices themselves with adoptInput, and on copies without it', () => {
    const made = () => {
      const nic = newWorkingDevice('interface0', 'interface', 'input')
      nic.type = 'network'
      nic.model = 'virtio'
      return nic
    }
    const kept = made()
    const plain = expandDomain({ arch: 'x86_64', machine: 'q35', devices: [kept] })
    expect(kept.address).toBeUndefined()
    const adopted = made()
    const working = expandDomain({ arch: 'x86_64', machine: 'q35', devices: [adopted] }, { adoptInput: true, plainDevices: false })
    if (!plain.ok || !working.ok) throw new Error('refused')
    expect(working.value.devices).toContain(adopted)
    expect(adopted.address).toEqual(plain.value.devices.find((d) => d.id === 'interface0')?.address)
    expect(working.value.devices.map(plainDevice)).toStrictEqual(plain.value.devices)
  })

  it('re-expanding an expansion changes nothing', () => {
    const first = expand({ arch: 'x86_64', machine: 'q35', devices: [dev({ kind: 'interface', type: 'network', model: 'virtio' })] })
    const second = expand({ arch: 'x86_64', machine: 'q35', devices: first })
    expect(second.map((d) => [d.kind, d.type, d.index, d.address])).toEqual(first.map((d) => [d.kind, d.type, d.index, d.address]))
  })
})
