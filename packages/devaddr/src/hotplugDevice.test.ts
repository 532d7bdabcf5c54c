import { describe, expect, it } from 'vitest'

import { hotplugDevice } from './hotplugDevice.ts'
import { dev, expandOk, freeRootPorts, pc, policyOf, q35, rejection } from './testing/devices.ts'

describe('hotplugDevice', () => {
  it('gives a hotplugged NIC the empty root port libvirt left', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'virtio' })]), { newDomain: true })
    const spare = freeRootPorts(e)[0]!
    const r = hotplugDevice(q35(e.devices), dev({ kind: 'interface', type: 'network', model: 'virtio' }))
    expect(r.ok && r.value.device.address).toEqual({ type: 'pci', domain: 0, bus: spare.index, slot: 0, function: 0 })
  })

  it('says so when no hotpluggable slot is left, and never adds a bus', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'virtio' })]), { newDomain: true })
    const once = hotplugDevice(q35(e.devices), dev({ kind: 'disk', bus: 'virtio', dst: 'vdb' }))
    expect(once.ok).toBe(true)
    if (!once.ok) return
    const vdc = dev({ kind: 'disk', bus: 'virtio', dst: 'vdc' })
    const twice = rejection(hotplugDevice(q35([...e.devices, once.value.device]), vdc))
    expect(twice).toMatchObject({ code: 'no-free-slot', deviceId: vdc.id, libvirtFunction: 'virDomainPCIAddressEnsureAddr' })
    expect(twice.message).toMatch(/no empty hotpluggable root port/)
  })

  it('skips ports with hotplug off', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'virtio' })]), {
      newDomain: true,
      policy: policyOf({ sparePorts: { free: 1 }, rootPortHotplug: 'off' }),
    })
    expect(hotplugDevice(q35(e.devices), dev({ kind: 'disk', bus: 'virtio', dst: 'vdb' })).ok).toBe(true)
    const spare = freeRootPorts(e)[0]!
    const locked = e.devices.map((d) => (d === spare ? { ...d, target: { ...d.target, hotplug: 'off' as const } } : d))
    const vdb = dev({ kind: 'disk', bus: 'virtio', dst: 'vdb' })
    expect(rejection(hotplugDevice(q35(locked), vdb))).toMatchObject({ code: 'no-free-slot', deviceId: vdb.id })
  })

  it('on pc fills the next free slot of bus 0', () => {
    const e = expandOk(pc([dev({ kind: 'disk', bus: 'virtio', dst: 'vda' })]), { newDomain: true })
    const r = hotplugDevice(pc(e.devices), dev({ kind: 'interface', type: 'network', model: 'e1000' }))
    const used = e.devices.flatMap((d) => (d.address?.type === 'pci' && d.address.bus === 0 ? [d.address.slot] : []))
    expect(r.ok).toBe(true)
    if (r.ok && r.value.device.address?.type === 'pci') {
      expect(r.value.device.address.bus).toBe(0)
      expect(used).not.toContain(r.value.device.address.slot)
    }
  })

  it('refuses a function other than 0', () => {
    const e = expandOk(pc([]), { newDomain: true })
    const nic = dev({
      kind: 'interface',
      type: 'network',
      model: 'e1000',
      address: { type: 'pci', domain: 0, bus: 0, slot: 9, function: 1 },
    })
    expect(rejection(hotplugDevice(pc(e.devices), nic))).toMatchObject({
      code: 'invalid-address',
      deviceId: nic.id,
      address: '0000:00:09.1',
      libvirtFunction: 'virDomainPCIAddressEnsureAddr',
    })
  })

  it('gives a hotplugged USB tablet a free port, and refuses when only a new hub would do', () => {
    const e = expandOk(q35([dev({ kind: 'input', type: 'tablet', bus: 'usb' })]), { newDomain: true })
    const r = hotplugDevice(q35(e.devices), dev({ kind: 'input', type: 'keyboard', bus: 'usb' }))
    expect(r.ok && r.value.device.address).toEqual({ type: 'usb', bus: 0, port: '2' })
    const full = expandOk(q35(Array.from({ length: 4 }, () => dev({ kind: 'input', type: 'tablet', bus: 'usb' }))), { newDomain: true })
    const keyboard = dev({ kind: 'input', type: 'keyboard', bus: 'usb' })
    expect(rejection(hotplugDevice(q35(full.devices), keyboard))).toMatchObject({
      code: 'no-free-slot',
      deviceId: keyboard.id,
      libvirtFunction: 'virDomainUSBAddressEnsure',
    })
  })

  it('gives a hotplugged virtio channel the next free virtio-serial port', () => {
    const e = expandOk(q35([dev({ kind: 'channel', type: 'unix', targetType: 'virtio' })]), { newDomain: true })
    const r = hotplugDevice(q35(e.devices), dev({ kind: 'channel', type: 'unix', targetType: 'virtio' }))
    expect(r.ok && r.value.device.address).toEqual({ type: 'virtio-serial', controller: 0, bus: 0, port: 2 })
  })
  it('names the hotplugged device when it cannot get a PCI slot or is of a kind devaddr does not hotplug', () => {
    const e = expandOk(q35([]), { newDomain: true })
    const ccwDisk = dev({ kind: 'disk', bus: 'virtio', dst: 'vdb', address: { type: 'ccw' } })
    expect(rejection(hotplugDevice(q35(e.devices), ccwDisk))).toMatchObject({
      code: 'wrong-address-type',
      deviceId: ccwDisk.id,
      libvirtFunction: 'qemuDomainEnsurePCIAddress',
    })
    const vnc = dev({ kind: 'graphics', type: 'vnc' })
    expect(rejection(hotplugDevice(q35(e.devices), vnc))).toMatchObject({
      code: 'unsupported',
      deviceId: vnc.id,
      libvirtFunction: 'qemuDomainAttachDeviceLive',
    })
  })
})
