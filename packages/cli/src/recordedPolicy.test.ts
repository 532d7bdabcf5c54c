import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { main } from './program.ts'

const Q35 = `<domain type='kvm'>
  <name>q35</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <interface type='network'>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`
const recording = (name: string, version: number) =>
  Q35.replace(
    '  <os>',
    `  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='${name}' version='${version}'/>\n  </metadata>\n  <os>`,
  )
const NIC = "<interface type='network'>\n  <model type='virtio'/>\n</interface>\n"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'devaddr-recorded-'))
  writeFileSync(join(dir, 'nova.xml'), recording('nova', 7))
  writeFileSync(join(dir, 'ovirt.xml'), recording('ovirt', 1))
  writeFileSync(join(dir, 'nova.yaml'), 'arch: x86_64\nmachine: q35\npolicy: { name: nova, version: 7 }\ndevices: []\n')
  writeFileSync(join(dir, 'nic.xml'), NIC)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function devaddr(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(
    args.map((a) => (/^\w+\.(xml|yaml)$/.test(a) ? join(dir, a) : a)),
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    },
  )
  return { code, stdout, stderr }
}

const NOVA_MESSAGE =
  'the document records policy nova@7, which devaddr does not ship; name one with --policy NAME[@VERSION] or --policy FILE\n'

describe('a policy the document records', () => {
  it('re-expands with a shipped one', async () => {
    const r = await devaddr('expand', 'ovirt.xml')
    expect(r.code).toBe(0)
    expect(r.stdout.split("model='pcie-root-port'").length - 1).toBe(16)
  })

  it('rejects the file, exit 1, when devaddr does not ship it, in XML and YAML alike', async () => {
    expect(await devaddr('expand', 'nova.xml')).toEqual({ code: 1, stdout: '', stderr: NOVA_MESSAGE })
    expect(await devaddr('expand', 'nova.yaml')).toEqual({ code: 1, stdout: '', stderr: NOVA_MESSAGE })
    expect(await devaddr('explain', 'nova.xml')).toMatchObject({ code: 1, stderr: NOVA_MESSAGE })
    expect(await devaddr('hotplug', 'nova.xml', 'nic.xml')).toMatchObject({ code: 1, stderr: `${join(dir, 'nova.xml')}: ${NOVA_MESSAGE}` })
  })

  it('with --out-dir, writes the rejection beside the others', async () => {
    const out = join(dir, 'out')
    const r = await devaddr('expand', '--out-dir', out, 'nova.xml', 'ovirt.xml')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`${join(dir, 'nova.xml')}: rejected (${join(out, 'nova.xml')}.error)\n`)
  })

  it('gives way to --policy', async () => {
    const r = await devaddr('expand', '--policy', 'kubevirt@1', 'nova.xml')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("name='kubevirt' version='1'")
  })

  it('--policy names a shipped policy or exits 2, listing them', async () => {
    const r = await devaddr('expand', '--policy', 'nova@7', 'nova.xml')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error: --policy nova@7: no such file, and no built-in policy "nova@7"; known: libvirt@1, kubevirt@1, /)
  })
})
