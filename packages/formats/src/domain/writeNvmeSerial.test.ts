import { describe, expect, it } from 'vitest'

import { expandDomainXml, formatExpandXmlError } from '../expandDomainXml.ts'

// note: the layouts below are what live libvirt 12.8 writes for these inputs (<serial> before
// <address>); only the NVMe controller's serial is written, never a disk's
const domain = (devices: string) =>
  `<domain type='qemu'>\n  <name>nvme</name>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <devices>\n${devices}  </devices>\n</domain>\n`
const nvmeDisk = (dst: string, serial?: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/a.img'/>\n      <target dev='${dst}' bus='nvme'/>\n${serial === undefined ? '' : `      <serial>${serial}</serial>\n`}    </disk>\n`

function expand(xml: string): string {
  const r = expandDomainXml(xml, { libvirtVersion: '12.8' })
  if (!r.ok) throw new Error(formatExpandXmlError(r.error))
  return r.value
}

describe('NVMe controller serials', () => {
  // note: a disk's serial holds only characters that need no escaping (libvirt refuses others)
  it('are written on the controller libvirt adds for a disk', () => {
    const out = expand(domain(nvmeDisk('nvme0n1', 'SN 1-a_b.c+d')))
    expect(out).toMatch(
      /<controller type='nvme' index='0'>\n {6}<serial>SN 1-a_b\.c\+d<\/serial>\n {6}<address type='pci' [^>]*\/>\n {4}<\/controller>/,
    )
    expect(out.match(/<serial>/g)).toHaveLength(2)
  })

  it('are added to a controller written without one, before its address', () => {
    const out = expand(domain(`    <controller type='nvme' index='0'/>\n${nvmeDisk('nvme0n1', 's1')}`))
    expect(out).toMatch(
      /<controller type='nvme' index='0'>\n {6}<serial>s1<\/serial>\n {6}<address type='pci' [^>]*\/>\n {4}<\/controller>/,
    )
  })

  // note: libvirt 12.8 checks no characters of a controller's own serial (seen live: a&b/c defined)
  it('written on a controller are kept as they are, escaped', () => {
    const out = expand(
      domain(`    <controller type='nvme' index='0'>\n      <serial>a&amp;b/c</serial>\n    </controller>\n${nvmeDisk('nvme0n1')}`),
    )
    expect(out).toMatch(
      /<controller type='nvme' index='0'>\n {6}<serial>a&amp;b\/c<\/serial>\n {6}<address type='pci' [^>]*\/>\n {4}<\/controller>/,
    )
    expect(out.match(/<serial>/g)).toHaveLength(1)
  })
})
