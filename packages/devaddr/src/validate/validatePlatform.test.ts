import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import type { LibvirtVersion } from '../machine/libvirtProfile.ts'
import type { Device } from '../model/device.ts'
import type { DomainInput } from '../model/domain.ts'
import { dev, pc, q35, rejection } from '../testing/devices.ts'

/**
 * The platform a device needs, each rule with the domain libvirt refuses and the nearest one it
 * defines (seen live on 9.0, 11.3 and 12.8 unless noted).
 */
const vhostNic = () => dev({ kind: 'interface', type: 'vhostuser', model: 'virtio' })
const vhostDisk = () => dev({ kind: 'disk', type: 'vhostuser', diskDevice: 'disk', bus: 'virtio', dst: 'vdb' })
const virtiofs = () => dev({ kind: 'filesystem', type: 'mount', driverType: 'virtiofs' })
const iommu = (model: string) => dev({ kind: 'iommu', model })
const aarch64 = (devices: Device[], extra: Partial<DomainInput> = {}): DomainInput => ({
  arch: 'aarch64',
  machine: 'virt',
  devices,
  ...extra,
})

const accepts = (input: DomainInput, v: LibvirtVersion = '12.8') => expandDomain(input, { libvirtVersion: v }).ok
const refusal = (input: DomainInput, v: LibvirtVersion = '12.8') => rejection(expandDomain(input, { libvirtVersion: v }))

describe('the platform devices need', () => {
  it('IOMMU models exist on their machines only; virtio-iommu needs ACPI', () => {
    expect(refusal(pc([iommu('intel')]))).toMatchObject({ code: 'unsupported', libvirtFunction: 'qemuValidateDomainDeviceDefIOMMU' })
    expect(accepts(q35([iommu('intel')]))).toBe(true)
    expect(refusal(q35([iommu('smmuv3')])).message).toContain('ARM virt')
    expect(accepts(aarch64([iommu('smmuv3')]))).toBe(true)
    expect(refusal(pc([iommu('virtio')], { features: ['acpi'] })).message).toContain('q35 and ARM virt')
    const noAcpi = q35([iommu('virtio')])
    expect(refusal(noAcpi).message).toContain('<acpi/>')
    expect(refusal(noAcpi).deviceId).toBe(noAcpi.devices[0]!.id)
    expect(accepts(q35([iommu('virtio')], { features: ['acpi'] }))).toBe(true)
  })

  it('ACPI on aarch64 needs UEFI; UEFI on x86 needs ACPI', () => {
    expect(refusal(aarch64([], { features: ['acpi'] }))).toMatchObject({ code: 'unsupported', libvirtFunction: 'qemuValidateDomainDef' })
    expect(accepts(aarch64([], { features: ['acpi'], firmware: 'efi' }))).toBe(true)
    expect(refusal(q35([], { firmware: 'efi' })).message).toContain('UEFI')
    expect(accepts(q35([], { firmware: 'efi', features: ['acpi'] }))).toBe(true)
  })

  it('the iTCO watchdog is part of q35 only', () => {
    const onPc = pc([dev({ kind: 'watchdog', model: 'itco' })])
    expect(refusal(onPc, '11.3')).toMatchObject({ libvirtFunction: 'qemuValidateDomainWatchdogDef', deviceId: onPc.devices[0]!.id })
    expect(accepts(q35([dev({ kind: 'watchdog', model: 'itco' })]), '11.3')).toBe(true)
  })

  it('vhost-user disks and virtiofs need shared memory in every release; vhost-user NICs from 11.x', () => {
    for (const v of ['9.0', '11.3', '12.8'] as const) {
      expect(refusal(q35([vhostDisk()]), v).libvirtFunction).toBe('qemuValidateDomainDefVhostUserRequireSharedMemory')
      expect(refusal(q35([virtiofs()]), v).message).toContain('virtiofs')
      expect(accepts(q35([vhostDisk(), virtiofs(), vhostNic()], { sharedMemory: true }), v)).toBe(true)
    }
    expect(accepts(q35([vhostNic()]), '9.0')).toBe(true)
    expect(refusal(q35([vhostNic()]), '11.3').message).toContain('vhost-user interface')
    expect(refusal(q35([vhostNic()]), '12.8').message).toContain('shared')
  })

  it('virtio-pmem needs a QEMU that has it (aarch64 has none)', () => {
    const pmem = () => dev({ kind: 'memory', model: 'virtio-pmem' })
    expect(refusal(aarch64([pmem()], { memorySlots: 16, numaNodes: 1 })).libvirtFunction).toBe('qemuValidateDomainDeviceDefMemory')
    expect(accepts(q35([pmem()], { memorySlots: 16, numaNodes: 1 }))).toBe(true)
    expect(accepts(q35([pmem()], { memorySlots: 16, numaNodes: 1 }), '12.8')).toBe(true)
  })

  it('11.3 refuses a USB drive without a medium; 9.0 and 12.8 define it', () => {
    const cdrom = (emptyMedium: boolean) =>
      q35([dev({ kind: 'disk', type: 'file', diskDevice: 'cdrom', bus: 'usb', dst: 'sda', ...(emptyMedium ? { emptyMedium } : {}) })])
    expect(refusal(cdrom(true), '11.3')).toMatchObject({ code: 'unsupported', libvirtFunction: 'qemuDomainDeviceDiskDefPostParse' })
    expect(accepts(cdrom(false), '11.3')).toBe(true)
    expect(accepts(cdrom(true), '9.0')).toBe(true)
    expect(accepts(cdrom(true), '12.8')).toBe(true)
  })
})
