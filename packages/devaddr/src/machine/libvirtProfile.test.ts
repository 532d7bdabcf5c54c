import { describe, expect, it } from 'vitest'
import { expandDomain } from '../expandDomain.ts'
import { dev, rejection } from '../testing/devices.ts'
import type { DomainInput } from '../model/domain.ts'

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
