import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { runCli } from './testing/runCli.ts'

const q35 = (devices: string) => `<domain type='kvm'>
  <name>drift</name>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
${devices}
  </devices>
</domain>
`
const pc = q35('').replace("machine='q35'", "machine='pc'")

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devaddr-drift-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}

describe('devaddr drift FILE', () => {
  it('lists what changes between two releases, with the cause, and exits 1', async () => {
    const r = await runCli('drift', '--from', '9.0', '--to', '9.9', file('q35.xml', q35("<input type='tablet' bus='usb'/>")))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^watchdog \(itco\): added itco \(because of .*implicitItcoWatchdog.*\)$/m)
  })

  it('reports the USB port change of a tablet and a USB serial between 9.0 and 12.8', async () => {
    const usb = q35("<serial type='pty'><target type='usb-serial'/></serial>\n<input type='tablet' bus='usb'/>")
    const r = await runCli('drift', '--from', '9.0', '--to', '12.8', file('usb.xml', usb))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^serial #1 \(pty\): address usb 0 port 2 → usb 0 port 1 \(because of usbDeviceOrder\)$/m)
    expect(r.stdout).toMatch(/^input #1 \(tablet\): address usb 0 port 1 → usb 0 port 2 \(because of usbDeviceOrder\)$/m)
  })

  it('exits 0 and prints nothing for a domain that does not drift', async () => {
    const r = await runCli('drift', '--from', '9.0', '--to', '9.9', file('pc.xml', pc))
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' })
  })

  it('exits 2 for an unknown release, a missing file or a broken one', async () => {
    expect((await runCli('drift', '--to', '7.0', file('pc.xml', pc))).code).toBe(2)
    expect((await runCli('drift', join(dir, 'nope.xml'))).code).toBe(2)
    const broken = await runCli('drift', file('broken.xml', '<domain>'))
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('broken.xml: line 1')
  })
})
