import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import type { LibvirtVersion } from '../machine/libvirtProfile.ts'
import type { DriveAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import type { DomainInput } from '../model/domain.ts'

// note: the expectations are what live libvirt 12.8 (QEMU 11.1) defined, or refused, for the
// same XML; none is read from a corpus

let n = 0
const nvmeDisk = (dst: string, serial?: string, address?: DriveAddress): Device => ({
  id: `disk${n++}`,
  kind: 'disk',
  origin: 'input',
  type: 'file',
  diskDevice: 'disk',
  dst,
  bus: 'nvme',
  ...(serial === undefined ? {} : { serial }),
  ...(address === undefined ? {} : { address }),
})
const nvmeController = (index: number, serial?: string): Device => ({
  id: `controller${n++}`,
  kind: 'controller',
  origin: 'input',
  type: 'nvme',
  index,
  ...(serial === undefined ? {} : { serial }),
})
const drive = (controller: number, unit: number, bus = 0, target = 0): DriveAddress => ({ type: 'drive', controller, bus, target, unit })
const q35 = (...devices: Device[]): DomainInput => ({ arch: 'x86_64', machine: 'q35', devices })

function expand(input: DomainInput, libvirtVersion: LibvirtVersion = '12.8') {
  const r = expandDomain(input, { libvirtVersion })
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('; '))
  return r.value.devices
}
function refusal(input: DomainInput, libvirtVersion: LibvirtVersion = '12.8') {
  const r = expandDomain(input, { libvirtVersion })
  if (r.ok) throw new Error('defined')
  return r.error[0]!
}
const nvmeControllers = (devices: readonly Device[]) => devices.filter((d) => d.kind === 'controller' && d.type === 'nvme')
const disk = (devices: readonly Device[], dst: string) => devices.find((d) => d.kind === 'disk' && d.dst === dst)!

describe('NVMe disks (libvirt 12.8)', () => {
  it('are refused by the releases before libvirt 11.5, when the XML is parsed', () => {
    for (const v of ['9.0', '9.9', '11.3'] as const) {
      const e = refusal(q35(nvmeDisk('nvme0n1', 's1')), v)
      expect(e.libvirtFunction).toBe('virDomainDiskDefParseXML')
      expect(refusal(q35(nvmeController(0, 's')), v).libvirtFunction).toBe('virDomainControllerDefParseXML')
    }
  })

  it('take controller X and unit Y-1 from an nvmeXnY name', () => {
    const devices = expand(q35(nvmeDisk('nvme0n3', 's1'), nvmeDisk('nvme1n1', 's2')))
    expect(disk(devices, 'nvme0n3').address).toEqual(drive(0, 2))
    expect(disk(devices, 'nvme1n1').address).toEqual(drive(1, 0))
  })

  it('take controller 0 and the name index as the unit for any other disk name', () => {
    const devices = expand(q35(nvmeDisk('sdb', 's'), nvmeDisk('vdz', 's')))
    expect(disk(devices, 'sdb').address).toEqual(drive(0, 1))
    expect(disk(devices, 'vdz').address).toEqual(drive(0, 25))
  })

  it('keep a drive address they are given, any bus, target or unit', () => {
    const devices = expand(
      q35(nvmeDisk('nvme0n1', 's1', drive(1, 0)), nvmeDisk('nvme0n2', 's0'), nvmeDisk('nvme0n3', 's0', drive(0, 40, 1, 1))),
    )
    expect(disk(devices, 'nvme0n1').address).toEqual(drive(1, 0))
    expect(disk(devices, 'nvme0n3').address).toEqual(drive(0, 40, 1, 1))
    expect(nvmeControllers(devices).map((c) => [c.index, c.serial])).toEqual([
      [0, 's0'],
      [1, 's1'],
    ])
  })

  it('add a controller for each index up to the highest named, after the PCI controllers, with its disks serial', () => {
    const devices = expand(q35(nvmeDisk('nvme0n1', 'a'), nvmeDisk('nvme0n2'), nvmeDisk('nvme1n1', 'b')))
    const controllers = devices.filter((d) => d.kind === 'controller')
    const nvme = nvmeControllers(devices)
    expect(nvme.map((c) => [c.index, c.serial, c.origin])).toEqual([
      [0, 'a', 'implicit'],
      [1, 'b', 'implicit'],
    ])
    const lastPci = controllers.map((c) => c.type).lastIndexOf('pci')
    expect(controllers.indexOf(nvme[0]!)).toBeGreaterThan(lastPci)
    // note: a disk without a serial takes none; the controller has its neighbour's
    expect(disk(devices, 'nvme0n2').serial).toBeUndefined()
  })

  it('are PCI Express endpoints: a root port each on q35, pci-root on pc', () => {
    const onQ35 = expand(q35(nvmeDisk('nvme0n1', 's')))
    const [q35Controller] = nvmeControllers(onQ35)
    const bus = q35Controller!.address?.type === 'pci' ? q35Controller!.address.bus : -1
    const port = onQ35.find((d) => d.kind === 'controller' && d.type === 'pci' && d.index === bus)
    expect(port?.model).toBe('pcie-root-port')
    const onPc = expand({ arch: 'x86_64', machine: 'pc', devices: [nvmeDisk('nvme0n1', 's1'), nvmeDisk('nvme1n2', 's2')] })
    expect(nvmeControllers(onPc).map((c) => c.address)).toEqual([
      { type: 'pci', domain: 0, bus: 0, slot: 2, function: 0 },
      { type: 'pci', domain: 0, bus: 0, slot: 3, function: 0 },
    ])
  })

  it('give a controller written without a serial its disk serial, and keep a written one', () => {
    expect(nvmeControllers(expand(q35(nvmeController(0), nvmeDisk('nvme0n1', 'a'))))[0]?.serial).toBe('a')
    expect(nvmeControllers(expand(q35(nvmeController(0, 'X'), nvmeDisk('nvme0n1'))))[0]?.serial).toBe('X')
  })

  it('refuse disks of one controller with different serials', () => {
    for (const input of [q35(nvmeDisk('nvme0n1', 'a'), nvmeDisk('nvme0n2', 'b')), q35(nvmeController(0, 'X'), nvmeDisk('nvme0n1', 'Y'))]) {
      const e = refusal(input)
      expect(e.code).toBe('invalid-controller')
      expect(e.libvirtFunction).toBe('virDomainDefMaybeAssignNvmeControllerSerials')
    }
  })

  it('refuse a controller no disk gives a serial', () => {
    for (const input of [q35(nvmeDisk('nvme2n1', 's')), q35(nvmeDisk('nvme0n1')), q35(nvmeController(0))]) {
      const e = refusal(input)
      expect(e.code).toBe('invalid-controller')
      expect(e.libvirtFunction).toBe('qemuValidateDomainDeviceDefControllerNVME')
    }
  })

  it('refuse names that are not NVMe names', () => {
    for (const dst of ['nvme0n0', 'nvme0', 'nvme0n1x'])
      expect(refusal(q35(nvmeDisk(dst, 's'))).libvirtFunction).toBe('virDomainDiskDefAssignAddress')
  })

  it('let nvmeXnY names serve other buses, the namespace less one as the index', () => {
    const sata: Device = { id: 'sata0', kind: 'disk', origin: 'input', type: 'file', diskDevice: 'disk', dst: 'nvme1n2', bus: 'sata' }
    expect(disk(expand(q35(sata)), 'nvme1n2').address).toEqual(drive(0, 1))
  })
})

describe('NVMe-named disks in the disk list (libvirt 12.8)', () => {
  it('go before the other disks of their bus and keep their order', () => {
    const order = (...dsts: string[]) =>
      expand(q35(...dsts.map((dst) => nvmeDisk(dst, 's')))).flatMap((d) => (d.kind === 'disk' ? [d.dst] : []))
    expect(order('sda', 'nvme0n2')).toEqual(['nvme0n2', 'sda'])
    expect(order('nvme0n2', 'nvme0n1')).toEqual(['nvme0n2', 'nvme0n1'])
  })
})
