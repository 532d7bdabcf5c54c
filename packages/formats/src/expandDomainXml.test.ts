import { builtinPolicy, expandDomain, formatAddrError, LIBVIRT_PROFILES, type LibvirtProfile } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainXml } from './domain/parseDomainXml.ts'
import { writeExpansion } from './domain/writeExpansion.ts'
import { expandDomainXml, formatExpandXmlError, formatXmlError } from './expandDomainXml.ts'

describe('expandDomainXml', () => {
  it('returns XML that parses again and keeps what devaddr does not own', () => {
    const xml = `<domain type='kvm'>\n  <name>keep-me</name>\n  <os>\n    <type arch='x86_64' machine='pc'>hvm</type>\n  </os>\n  <devices>\n    <!-- note -->\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n  </devices>\n</domain>\n`
    const r = expandDomainXml(xml)
    if (!r.ok) throw new Error(formatExpandXmlError(r.error))
    expect(r.value).toContain('<name>keep-me</name>')
    expect(r.value).toContain('<!-- note -->')
    expect(parseDomainXml(r.value).ok).toBe(true)
  })

  it('reports XML errors with their place', () => {
    const r = expandDomainXml(`<domain>\n  <devices>\n</domain>`)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.kind).toBe('xml')
    expect(formatExpandXmlError(r.error)).toMatch(/^line 3, column \d+: /)
  })

  it('writes what the public steps write for a document with devaddr tunables, under a policy', () => {
    const xml = `<domain type='kvm'>
  <vcpu>4</vcpu>
  <cpu><numa><cell id='0' cpus='0-1' memory='1048576'/><cell id='1' cpus='2-3' memory='1048576'/></numa></cpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <metadata>
    <devaddr:policy xmlns:devaddr="https://devaddr.dev/xml/policy/1" name="kubevirt" version="1">
      <devaddr:device alias="ua-net0" numaNode="1"/>
      <devaddr:device id="interface1" placement="pci"/>
      <devaddr:device id="disk0" hotplug="off"/>
    </devaddr:policy>
  </metadata>
  <devices>
    <disk type='file' device='disk'><source file='/v.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='network'><source network='default'/><model type='virtio'/><alias name='ua-net0'/></interface>
    <interface type='network'><source network='default'/><model type='virtio'/></interface>
  </devices>
</domain>
`
    const policy = builtinPolicy('kubevirt', 1)!
    const doc = parseDomainXml(xml)
    if (!doc.ok) throw new Error(formatXmlError(doc.error))
    const expansion = expandDomain(doc.value.input, { policy })
    if (!expansion.ok) throw new Error(expansion.error.map(formatAddrError).join('\n'))
    const whole = expandDomainXml(xml, { policy })
    expect(whole.ok && whole.value).toBe(writeExpansion(doc.value, expansion.value))
    // note: the tunables reached the engine: the pinned NIC sits behind an expander bus
    expect(whole.ok && whole.value).toContain("model='pcie-expander-bus'")
  })

  it('hands every engine option over as given (anyMachineVersion, a whole profile)', () => {
    const rhel = `<domain type='kvm'>\n  <os>\n    <type arch='x86_64' machine='pc-q35-rhel9.4.0'>hvm</type>\n  </os>\n  <devices/>\n</domain>\n`
    expect(expandDomainXml(rhel).ok).toBe(false)
    const r = expandDomainXml(rhel, { anyMachineVersion: true })
    expect(r.ok && r.value).toContain("machine='pc-q35-rhel9.4.0'")
    expect(r.ok && r.value).toContain("model='pcie-root-port'")
    const q35 = rhel.replace('pc-q35-rhel9.4.0', 'q35')
    const own = LIBVIRT_PROFILES['12.8']
    const itco = (profile: LibvirtProfile) => {
      const out = expandDomainXml(q35, { profile })
      return out.ok && out.value.includes("<watchdog model='itco'")
    }
    expect(itco({ ...own, implicitItcoWatchdog: false })).toBe(false)
    expect(itco({ ...own, implicitItcoWatchdog: true })).toBe(true)
  })
})

describe('formatExpandXmlError', () => {
  it('formats engine errors with formatAddrError, one per line', () => {
    const text = formatExpandXmlError({
      kind: 'addr',
      errors: [
        {
          code: 'reserved-slot',
          device: 'interface #2 (e1000)',
          address: '0000:00:01.0',
          message: 'slot 1 of bus 0 is reserved for the PIIX3 chipset',
        },
        { code: 'no-free-slot', message: 'no free PCI slot' },
      ],
    })
    expect(text).toBe('interface #2 (e1000) at 0000:00:01.0: slot 1 of bus 0 is reserved for the PIIX3 chipset\nno free PCI slot')
  })

  it('formats XML errors with and without a place', () => {
    expect(formatXmlError({ code: 'unsafe-xml', message: 'no', line: 2, column: 1 })).toBe('line 2, column 1: no')
    expect(formatXmlError({ code: 'not-a-domain', message: 'no' })).toBe('no')
  })
})
