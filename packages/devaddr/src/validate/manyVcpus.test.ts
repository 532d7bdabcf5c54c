import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import type { LibvirtVersion } from '../machine/libvirtProfile.ts'
import type { Device } from '../model/device.ts'
import type { DomainInput } from '../model/domain.ts'
import { dev, pc, q35, rejection } from '../testing/devices.ts'

/**
 * vCPUs, the IOMMU's interrupt remapping and extended interrupt mode, and the split I/O APIC:
 * each case as libvirt 9.0, 11.3 and 12.8 answered it live (2026-12-02, `--try` of the live
 * check on q35 domains of type qemu with <acpi/> and <apic/>).
 */
const intel = (driver: Pick<Device, 'intremap' | 'eim'> = {}) => dev({ kind: 'iommu', model: 'intel', ...driver })
const SPLIT: Partial<DomainInput> = { ioapic: 'qemu' }
const many = (devices: Device[], extra: Partial<DomainInput> = {}) => q35(devices, { vcpus: 288, ...extra })

const RELEASES: readonly LibvirtVersion[] = ['9.0', '11.3', '12.8']
const verdicts = (input: DomainInput) => RELEASES.map((v) => (expandDomain(input, { libvirtVersion: v }).ok ? 'defines' : 'refuses'))

describe('vCPUs and what the IOMMU and I/O APIC give them', () => {
  it.each<[string, DomainInput, string[]]>([
    ['288 vCPUs, no IOMMU', many([]), ['refuses', 'defines', 'defines']],
    ["288 vCPUs, <iommu model='intel'/>", many([intel()]), ['refuses', 'defines', 'defines']],
    ['288 vCPUs, intremap and eim on, no I/O APIC', many([intel({ intremap: 'on', eim: 'on' })]), ['refuses', 'defines', 'defines']],
    [
      '288 vCPUs, intremap and eim on, split I/O APIC',
      many([intel({ intremap: 'on', eim: 'on' })], SPLIT),
      ['defines', 'defines', 'defines'],
    ],
    ['288 vCPUs, eim off', many([intel({ intremap: 'on', eim: 'off' })], SPLIT), ['refuses', 'refuses', 'defines']],
    [
      '288 vCPUs, a virtio IOMMU',
      many([dev({ kind: 'iommu', model: 'virtio' })], { features: ['acpi'] }),
      ['refuses', 'refuses', 'defines'],
    ],
    ['288 vCPUs, intremap off', many([intel({ intremap: 'off' })], SPLIT), ['refuses', 'refuses', 'refuses']],
    ['288 vCPUs, eim on alone', many([intel({ eim: 'on' })]), ['refuses', 'defines', 'defines']],
    ['2 vCPUs, eim on alone', q35([intel({ eim: 'on' })]), ['refuses', 'refuses', 'refuses']],
    ['2 vCPUs, eim on, intremap off', q35([intel({ intremap: 'off', eim: 'on' })], SPLIT), ['refuses', 'refuses', 'refuses']],
    ['2 vCPUs, intremap on, no I/O APIC', q35([intel({ intremap: 'on' })]), ['refuses', 'defines', 'defines']],
    [
      "2 vCPUs, intremap on, <ioapic driver='kvm'/>",
      q35([intel({ intremap: 'on' })], { ioapic: 'kvm' }),
      ['refuses', 'refuses', 'refuses'],
    ],
    ['2 vCPUs, intremap on, split I/O APIC', q35([intel({ intremap: 'on' })], SPLIT), ['defines', 'defines', 'defines']],
    ['255 vCPUs, no IOMMU', q35([], { vcpus: 255 }), ['defines', 'defines', 'defines']],
    ['288 vCPUs on pc', pc([], { vcpus: 288 }), ['refuses', 'refuses', 'refuses']],
    ['255 vCPUs on pc', pc([], { vcpus: 255 }), ['defines', 'defines', 'defines']],
    [
      '289 vCPUs on q35, IOMMU ready',
      many([intel({ intremap: 'on', eim: 'on' })], { ...SPLIT, vcpus: 289 }),
      ['refuses', 'defines', 'defines'],
    ],
    [
      '4,096 vCPUs on q35, IOMMU ready',
      many([intel({ intremap: 'on', eim: 'on' })], { ...SPLIT, vcpus: 4096 }),
      ['refuses', 'defines', 'defines'],
    ],
    [
      '4,097 vCPUs on q35, IOMMU ready',
      many([intel({ intremap: 'on', eim: 'on' })], { ...SPLIT, vcpus: 4097 }),
      ['refuses', 'refuses', 'refuses'],
    ],
  ])('%s: as libvirt 9.0, 11.3 and 12.8', (_, input, expected) => {
    expect(verdicts(input)).toEqual(expected)
  })

  it('adds, from libvirt 10.10, the IOMMU more than 255 vCPUs need, with interrupt remapping and extended interrupt mode', () => {
    const r = expandDomain(many([]), { libvirtVersion: '11.3' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    expect(r.value.devices.filter((d) => d.kind === 'iommu')).toMatchObject([
      { model: 'intel', origin: 'default', intremap: 'on', eim: 'on' },
    ])
  })

  it('names the rule and the device it refuses', () => {
    const old = rejection(expandDomain(many([]), { libvirtVersion: '9.0' }))
    expect(old).toMatchObject({ code: 'unsupported', libvirtFunction: 'qemuValidateDomainDef' })
    expect(old.message).toContain("eim='on'")
    const input = q35([intel({ intremap: 'on' })], { ioapic: 'kvm' })
    const split = rejection(expandDomain(input, { libvirtVersion: '12.8' }))
    expect(split).toMatchObject({ libvirtFunction: 'virDomainDefIOMMUValidate', deviceId: input.devices[0]!.id })
    expect(split.message).toContain("<ioapic driver='qemu'/>")
    expect(rejection(expandDomain(pc([], { vcpus: 256 }))).message).toBe("256 vCPUs are more than machine type 'pc' takes: at most 255")
  })
})
