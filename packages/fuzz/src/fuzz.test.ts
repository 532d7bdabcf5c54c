import { createRng } from '@devaddr/livecheck/rng'
import { describe, expect, it } from 'vitest'

import { checkInvariants } from './checkInvariants.ts'
import { mutantAt } from './mutantAt.ts'
import { MUTATORS } from './mutate.ts'

const Q35 = `<domain type='kvm'>
  <name>q35</name>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <!-- the NIC -->
    <interface type='network'><source network='default'/><model type='virtio'/></interface>
    <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>
    <memballoon model='virtio'><address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></memballoon>
  </devices>
</domain>
`
const inputs = [{ name: 'q35', text: Q35 }]

describe('mutants', () => {
  it('are a function of seed and index alone', () => {
    expect(mutantAt(inputs, 7, 42)).toEqual(mutantAt(inputs, 7, 42))
    const texts = new Set(Array.from({ length: 30 }, (_, i) => mutantAt(inputs, 7, i).text))
    expect(texts.size).toBeGreaterThan(20)
  })

  it.each(MUTATORS.map(([name, mutator]) => [name, mutator] as const))('%s changes the text', (_name, mutator) => {
    const rng = createRng(3)
    const changed = Array.from({ length: 20 }, () => mutator(Q35, rng)).some((t) => t !== Q35)
    expect(changed).toBe(true)
  })
})

describe('checkInvariants', () => {
  it('finds nothing wrong with a good domain, and accepts it', () => {
    expect(checkInvariants(Q35)).toMatchObject({ accepted: true, findings: [] })
  })

  it('finds nothing wrong with a clear rejection', () => {
    expect(checkInvariants('<domain><devices>')).toMatchObject({ accepted: false, findings: [] })
  })

  it('counts a domain the engine refuses for a shared address as a rejection, not a finding', () => {
    const twice = Q35.replace(
      "<model type='virtio'/></interface>",
      "<model type='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></interface>",
    ).replace("bus='virtio'/></disk>", "bus='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>")
    // the engine itself refuses this (address-conflict): a rejection, not a finding
    expect(checkInvariants(twice)).toMatchObject({ accepted: false, findings: [] })
  })
})

describe('checkInvariants, where libvirt itself keeps what looks wrong', () => {
  const pc = (devices: string) => `<domain type='kvm'>
  <name>pc</name>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
${devices}
  </devices>
</domain>
`

  it('lets two NICs share a drive address: libvirt reserves drive addresses only for disks and SCSI host devices', () => {
    const nic = `    <interface type='user'><model type='e1000'/><address type='drive' controller='2' bus='0' target='1' unit='3'/></interface>`
    expect(checkInvariants(pc(`${nic}\n${nic}`))).toMatchObject({ accepted: true, findings: [] })
  })

  it('lets a stored config keep two USB devices on one port when another USB device has none, as libvirt does', () => {
    const tablet = `    <input type='tablet' bus='usb'><address type='usb' bus='0' port='1'/></input>`
    const verdict = checkInvariants(pc(`${tablet}\n${tablet}\n    <input type='mouse' bus='usb'/>`))
    // note: a new domain gets every USB address checked: the engine refuses it
    expect(verdict).toMatchObject({ accepted: false, findings: [] })
  })

  it('lets the output of a model none USB controller at index 1 be refused when read back, as libvirt refuses its own', () => {
    // note: libvirt adds its default USB controller 0 beside it, then cannot read both back
    const verdict = checkInvariants(pc(`    <controller type='usb' index='1' model='none'/>`))
    expect(verdict).toMatchObject({ accepted: true, findings: [] })
    // a USB controller the input has itself still counts
    const both = checkInvariants(
      pc(`    <controller type='usb' index='1' model='none'/>\n    <controller type='usb' index='0' model='piix3-uhci'/>`),
    )
    expect(both.accepted).toBe(false)
  })

  it("lets the zPCI part of an address libvirt ignores (a device's second one) go", () => {
    const s390 = `<domain type='kvm'>
  <name>s390</name>
  <os><type arch='s390x' machine='s390-ccw-virtio'>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='pci'>
      <source><address domain='0x0000' bus='0x00' slot='0x00' function='0x0'/></source>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'><zpci uid='0x0003' fid='0x00000002'/></address>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'><zpci uid='0x0004' fid='0x00000005'/></address>
    </hostdev>
  </devices>
</domain>
`
    expect(checkInvariants(s390)).toMatchObject({ accepted: true, findings: [] })
  })
})
