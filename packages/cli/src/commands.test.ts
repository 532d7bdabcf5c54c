import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { runCli } from './testing/runCli.ts'

const Q35 = `<domain type='kvm'>
  <name>q35</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/vda.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:00:00:01'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`

const YAML = `arch: x86_64
machine: q35
devices:
  - kind: disk
    bus: virtio
    dst: vda
  - kind: interface
    type: network
    model: virtio
`

/** A q35 guest whose only root port is taken: nothing is left to hotplug into. */
const FULL = `<domain type='kvm'>
  <name>full</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <controller type='usb' model='none'/>
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
    </controller>
    <interface type='network'>
      <model type='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </interface>
    <memballoon model='none'/>
  </devices>
</domain>
`

const NIC = `<interface type='network'>
  <source network='default'/>
  <model type='virtio'/>
</interface>
`

let dir: string
let home: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devaddr-cmd-'))
  home = process.cwd()
  process.chdir(dir)
  writeFileSync(join(dir, 'q35.xml'), Q35)
  writeFileSync(join(dir, 'guest.yaml'), YAML)
  writeFileSync(join(dir, 'full.xml'), FULL)
  writeFileSync(join(dir, 'nic.xml'), NIC)
  writeFileSync(join(dir, 'nova.policy.yaml'), 'name: nova\nversion: 1\ntunables:\n  sparePorts: { total: 8 }\n')
})

afterEach(() => {
  process.chdir(home)
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the CLI in-process in the test's temp folder, so relative paths resolve there. */
const devaddr = runCli

const write = (name: string, text: string) => writeFileSync(join(dir, name), text)

describe('devaddr expand with YAML/JSON, --format and --policy', () => {
  it('expands a YAML domain to YAML by default', async () => {
    const r = await devaddr('expand', 'guest.yaml')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^arch: x86_64\nmachine: q35\npolicy:\n {2}name: libvirt\n {2}version: 1\ndevices:\n/)
    expect(r.stdout).toMatch(/- id: disk0\n {4}kind: disk\n {4}origin: input\n {4}bus: virtio\n {4}dst: vda\n {4}address: "0000:0\d:00\.0"/)
  })

  it('gives the same addresses from XML and YAML input, in every output format', async () => {
    const fromXml = JSON.parse((await devaddr('expand', '--format', 'json', 'q35.xml')).stdout) as {
      devices: Array<{ kind: string; address?: unknown }>
    }
    const fromYaml = JSON.parse((await devaddr('expand', '--format', 'json', 'guest.yaml')).stdout) as typeof fromXml
    expect(fromYaml.devices.map((d) => [d.kind, d.address])).toEqual(fromXml.devices.map((d) => [d.kind, d.address]))
  })

  it('is deterministic and reads its own output back unchanged', async () => {
    const a = await devaddr('expand', 'guest.yaml')
    expect((await devaddr('expand', 'guest.yaml')).stdout).toBe(a.stdout)
    write('expanded.yaml', a.stdout)
    expect((await devaddr('expand', 'expanded.yaml')).stdout.replace(/origin: \w+/g, '')).toBe(a.stdout.replace(/origin: \w+/g, ''))
  })

  it('writes a JSON input as JSON, and XML from YAML as a skeleton domain', async () => {
    write('guest.json', JSON.stringify({ arch: 'x86_64', machine: 'pc', devices: [{ kind: 'interface', model: 'e1000' }] }))
    const json = await devaddr('expand', 'guest.json')
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ arch: 'x86_64', machine: 'pc', policy: { name: 'libvirt', version: 1 } })
    const xml = await devaddr('expand', '--format', 'xml', 'guest.yaml')
    expect(xml.code).toBe(0)
    expect(xml.stdout).toMatch(/^<domain type='kvm'>\n {2}<os>\n {4}<type arch='x86_64' machine='q35'>hvm<\/type>/)
    expect(xml.stdout).toContain("<target dev='vda' bus='virtio'/>")
  })

  it('keeps XML output byte-identical without --policy, and records a policy in <metadata> with one', async () => {
    const plain = await devaddr('expand', 'q35.xml')
    expect(plain.stdout).not.toContain('metadata')
    const withPolicy = await devaddr('expand', '--policy', 'nova.policy.yaml', 'q35.xml')
    expect(withPolicy.code).toBe(0)
    expect(withPolicy.stdout).toContain("<devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='nova' version='1'/>")
    // 8 root ports in all
    expect(withPolicy.stdout.match(/model='pcie-root-port'/g)).toHaveLength(8)
    expect((await devaddr('expand', '--policy', 'nova.policy.yaml', '--format', 'yaml', 'q35.xml')).stdout).toContain(
      'policy:\n  name: nova\n  version: 1\n',
    )
  })

  it('re-expands a document with the built-in policy it records', async () => {
    const first = await devaddr('expand', '--policy', 'kubevirt', 'q35.xml')
    write('kv.xml', first.stdout)
    const again = await devaddr('expand', 'kv.xml')
    expect(again.code).toBe(0)
    expect(again.stdout).toBe(first.stdout)
    write('kv.yaml', (await devaddr('expand', '--format', 'yaml', 'kv.xml')).stdout)
    expect((await devaddr('abi-diff', 'kv.xml', 'kv.yaml')).code).toBe(0)
    expect((await devaddr('expand', 'kv.yaml')).stdout).toContain('policy:\n  name: kubevirt\n')
  })

  it('takes a built-in policy by name', async () => {
    const r = await devaddr('expand', '--policy', 'kubevirt', '--format', 'json', 'q35.xml')
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { policy: { name: string } }).policy.name).toBe('kubevirt')
  })

  it('names the device and value of a bad YAML input, with exit 1', async () => {
    write('bad.yaml', 'arch: x86_64\nmachine: q35\ndevices:\n  - kind: interface\n    address: "0000:00:20.0"\n')
    const r = await devaddr('expand', 'bad.yaml')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('line 5, column 14: devices[0] (interface): address "0000:00:20.0": slot must be <= 0x1f\n')
  })

  it('names outputs after --format in --out-dir', async () => {
    const r = await devaddr('expand', '--out-dir', 'out', '--format', 'yaml', 'q35.xml', 'guest.yaml')
    expect(r.code).toBe(0)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['guest.yaml', 'q35.yaml'])
    expect(readFileSync(join(dir, 'out', 'q35.yaml'), 'utf8')).toBe((await devaddr('expand', '--format', 'yaml', 'q35.xml')).stdout)
  })

  it.each([
    ['an unknown format', ['expand', '--format', 'toml', 'q35.xml']],
    ['an unknown policy', ['expand', '--policy', 'no-such-policy', 'q35.xml']],
    ['an invalid policy file', ['expand', '--policy', 'bad.policy.yaml', 'q35.xml']],
    ['two inputs that map to one output name', ['expand', '--out-dir', 'out', '--format', 'yaml', 'q35.xml', 'q35.yaml']],
  ])('exits 2 for %s', async (_what, args) => {
    write('bad.policy.yaml', 'name: x\nversion: 1\ntunables: { spare: 1 }\n')
    write('q35.yaml', YAML)
    const r = await devaddr(...args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^error: /)
  })

  it('documents the new flags and exit codes in --help', async () => {
    const r = await devaddr('expand', '--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--policy <FILE>')
    expect(r.stdout).toContain('--format <FORMAT>')
    expect(r.stdout).toContain('Exit codes:')
  })
})

describe('devaddr explain', () => {
  it('prints every device with its decisions, then the warnings', async () => {
    const r = await devaddr('explain', 'q35.xml')
    expect(r.code).toBe(0)
    const expansion = JSON.parse((await devaddr('expand', '--format', 'json', 'q35.xml')).stdout) as { devices: Array<{ id: string }> }
    const headers = r.stdout.split('\n').filter((l) => /^\S+: /.test(l) && !l.startsWith('warning:'))
    expect(headers.map((l) => l.split(':')[0])).toEqual(expansion.devices.map((d) => d.id))
    expect(r.stdout).toMatch(/^x86_64 q35, policy libvirt version 1\n/)
    expect(r.stdout).toMatch(/\ndisk0: disk vda \(virtio\) at 0000:\S+ \[input\]\n {2}(- |\(no decisions recorded\))/)
  })

  it('prints the warnings of a policy that adds many root ports', async () => {
    write('many.policy.json', JSON.stringify({ name: 'many', version: 1, tunables: { sparePorts: { total: 20 } } }))
    const r = await devaddr('explain', '--policy', 'many.policy.json', 'guest.yaml')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^warning: root-port-count: /m)
  })

  it('exits 1 for a rejected file and 2 without one', async () => {
    write('broken.xml', '<domain>')
    expect((await devaddr('explain', 'broken.xml')).code).toBe(1)
    expect((await devaddr('explain')).code).toBe(2)
  })
})

describe('devaddr hotplug', () => {
  it('prints the device with the address it gets, and the address on stderr', async () => {
    write('q35.expanded.xml', (await devaddr('expand', 'q35.xml')).stdout)
    const r = await devaddr('hotplug', 'q35.expanded.xml', 'nic.xml')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^<interface type='network'>\n {2}<source network='default'\/>\n {2}<model type='virtio'\/>\n {2}<address type='pci' domain='0x0000' bus='0x0\d' slot='0x00' function='0x0'\/>\n<\/interface>\n$/,
    )
    expect(r.stderr).toMatch(/^address: 0000:0\d:00\.0\n$/)
  })

  it('fails clearly when no hotpluggable slot is free', async () => {
    write('full.expanded.xml', (await devaddr('expand', '--existing', 'full.xml')).stdout)
    const r = await devaddr('hotplug', 'full.expanded.xml', 'nic.xml')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/interface.*: no empty hotpluggable root port/)
  })

  it('exits 1 for a device file that is not a device, 2 for a missing argument', async () => {
    expect((await devaddr('hotplug', 'q35.xml', 'q35.xml')).stderr).toMatch(
      /q35\.xml: line 1, column 1: the root element is <domain>, expected a device element/,
    )
    expect((await devaddr('hotplug', 'q35.xml')).code).toBe(2)
  })
})

describe('devaddr abi-diff', () => {
  it('exits 0 and prints nothing for the same guest', async () => {
    write('a.xml', (await devaddr('expand', 'q35.xml')).stdout)
    const r = await devaddr('abi-diff', 'a.xml', 'a.xml')
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('lists each guest-visible change on its own line and exits 1', async () => {
    write('a.xml', (await devaddr('expand', 'q35.xml')).stdout)
    write('b.xml', (await devaddr('expand', '--policy', 'nova.policy.yaml', 'q35.xml')).stdout)
    const r = await devaddr('abi-diff', 'a.xml', 'b.xml')
    expect(r.code).toBe(1)
    const lines = r.stdout.trim().split('\n')
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.every((l) => /^(added|removed|moved|multifunction|remodelled|changed|machine|arch): /.test(l))).toBe(true)
    expect(lines).toContain('added: controller pci index 8 (pcie-root-port) at 0000:00:01.7')
  })

  it('compares YAML with XML', async () => {
    write('a.xml', (await devaddr('expand', 'q35.xml')).stdout)
    write('a.yaml', (await devaddr('expand', '--format', 'yaml', 'q35.xml')).stdout)
    expect((await devaddr('abi-diff', 'a.xml', 'a.yaml')).code).toBe(0)
  })

  it('exits 2 for an unreadable file or a missing argument', async () => {
    expect(await devaddr('abi-diff', 'q35.xml', 'nope.xml')).toMatchObject({ code: 2, stderr: "cannot read 'nope.xml': no such file\n" })
    expect((await devaddr('abi-diff', 'q35.xml')).code).toBe(2)
  })
})

describe('--libvirt-version', () => {
  it('imitates libvirt 9.0 on request (no implicit iTCO watchdog) and refuses unknown versions', async () => {
    write('q35.xml', Q35)
    const v99 = await devaddr('expand', join(dir, 'q35.xml'))
    const v90 = await devaddr('expand', '--libvirt-version', '9.0', join(dir, 'q35.xml'))
    expect(v99.code).toBe(0)
    expect(v90.code).toBe(0)
    expect(v99.stdout).toContain("model='itco'")
    expect(v90.stdout).not.toContain("model='itco'")
    const bad = await devaddr('expand', '--libvirt-version', '8.0', join(dir, 'q35.xml'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/12\.8, 11\.3, 9\.9, 9\.0 or latest/)
  })

  it('takes latest for the newest release, and --qemu / --qemu-missing for the QEMU it assumes', async () => {
    const pc =
      "<domain type='kvm'><name>u</name><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><controller type='usb' index='0'/></devices></domain>"
    write('pc-usb.xml', pc)
    const latest = await devaddr('expand', '--libvirt-version', 'latest', join(dir, 'pc-usb.xml'))
    expect(latest.code).toBe(0)
    expect(latest.stdout).toContain("model='piix3-uhci'")
    // note: libvirt's usb-controller-default-unavailable-i440fx, through the CLI
    const without = await devaddr('expand', '--qemu', '10.0', '--qemu-missing', 'piix3-usb-uhci', join(dir, 'pc-usb.xml'))
    expect(without.code).toBe(0)
    expect(without.stdout).not.toContain("model='piix3-uhci'")
    const badQemu = await devaddr('expand', '--qemu', 'ten', join(dir, 'pc-usb.xml'))
    expect(badQemu.code).toBe(2)
    expect(badQemu.stderr).toContain('--qemu must be a QEMU version')
    const badCap = await devaddr('expand', '--qemu-missing', 'floppy', join(dir, 'pc-usb.xml'))
    expect(badCap.code).toBe(2)
  })
})

describe('--any-machine-version', () => {
  it("expands a RHEL host's domain as its machine family, which libvirt on an upstream QEMU refuses", async () => {
    write('rhel.xml', Q35.replace(/machine='[^']*'/, "machine='pc-q35-rhel9.4.0'"))
    write('upstream.xml', Q35.replace(/machine='[^']*'/, "machine='pc-q35-11.1'"))
    const refused = await devaddr('expand', join(dir, 'rhel.xml'))
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("QEMU 11.1 has no machine type 'pc-q35-rhel9.4.0'")
    const read = await devaddr('expand', '--any-machine-version', join(dir, 'rhel.xml'))
    expect(read.code).toBe(0)
    const upstream = await devaddr('expand', join(dir, 'upstream.xml'))
    // note: the same document but for its machine type, kept as written
    expect(read.stdout).toContain("machine='pc-q35-rhel9.4.0'")
    expect(read.stdout.replace('pc-q35-rhel9.4.0', 'pc-q35-11.1')).toBe(upstream.stdout)
    expect((await devaddr('explain', '--any-machine-version', join(dir, 'rhel.xml'))).code).toBe(0)
  })
})
