import { expandDomain } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { parseDomainXml } from './parseDomainXml.ts'
import { writeExpansion } from './writeExpansion.ts'

const domain = (devices: string) =>
  `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>${devices}</devices></domain>`

function expand(xml: string): string {
  const doc = parseDomainXml(xml)
  if (!doc.ok) throw new Error(doc.error.message)
  const expansion = expandDomain(doc.value.input)
  if (!expansion.ok) throw new Error(JSON.stringify(expansion.error))
  return writeExpansion(doc.value, expansion.value)
}

// note: these once took 14-30 s (quadratic); their time is printed by scripts/benchXml.ts,
// here only the output is checked
describe('writeExpansion on many non-device elements', () => {
  const nic = "<interface type='network'><model type='virtio'/></interface>"

  it('keeps 40,000 unknown elements after the device they followed', () => {
    const out = expand(domain(nic + "<foo a='1'/>".repeat(40_000)))
    const devices = out.slice(out.indexOf('<devices>'), out.indexOf('</devices>'))
    const nicAt = devices.indexOf('<interface')
    const nicEnd = devices.indexOf('</interface>')
    expect(devices.slice(nicAt, nicEnd)).toMatch(/<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'\/>/)
    expect(devices.match(/<foo a='1'\/>/g)).toHaveLength(40_000)
    const followers = devices
      .slice(nicEnd + '</interface>'.length)
      .replace(/>\s+</g, '><')
      .trimStart()
    expect(followers.startsWith("<foo a='1'/>".repeat(40_000))).toBe(true)
  })

  it('keeps 40,000 unknown elements in front of the first device', () => {
    const out = expand(domain("<foo a='1'/>".repeat(40_000) + nic))
    const devices = out.slice(out.indexOf('<devices>'), out.indexOf('</devices>'))
    expect(devices.match(/<foo a='1'\/>/g)).toHaveLength(40_000)
    expect(devices.lastIndexOf("<foo a='1'/>")).toBeLessThan(devices.indexOf('<interface'))
  })

  it('keeps each of 600 devices with the unknown elements that follow it', () => {
    const name = (i: number): string => (i < 26 ? '' : name(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26))
    const disks = Array.from(
      { length: 600 },
      (_, i) =>
        `<disk type='file' device='disk'><source file='/var/lib/libvirt/images/sd${name(i)}.qcow2'/><target dev='sd${name(i)}' bus='sata'/></disk><x n='${i}'/><y n='${i}'/>`,
    )
    const out = expand(domain(disks.join('')))
    for (const i of [0, 1, 299, 599]) {
      expect(out).toMatch(
        new RegExp(`<target dev='sd${name(i)}' bus='sata'/>\\s*<address [^>]*/>\\s*</disk>\\s*<x n='${i}'/>\\s*<y n='${i}'/>`),
      )
    }
    expect(out.match(/<x n=/g)).toHaveLength(600)
  })
})
