import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { runCli } from './testing/runCli.ts'

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'devaddr.js')

const Q35 = `<domain type='kvm'>
  <name>q35-cli-test</name>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/a.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`

const PC = Q35.replace("machine='q35'", "machine='pc'").replace('q35-cli-test', 'pc-cli-test')

/** Not even well-formed: every engine state must reject it. */
const BROKEN = "<domain type='kvm'><name>broken</name><devices>"

let dir: string
let home: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devaddr-cli-'))
  home = process.cwd()
  process.chdir(dir)
  writeFileSync(join(dir, 'q35.xml'), Q35)
  writeFileSync(join(dir, 'pc.xml'), PC)
  writeFileSync(join(dir, 'broken.xml'), BROKEN)
})

afterEach(() => {
  process.chdir(home)
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the CLI as a user would, in the temp folder so relative paths resolve there. */
/** Runs the CLI in-process in the test's temp folder, so relative paths resolve there. */
const devaddr = runCli

describe('devaddr expand FILE', () => {
  it('prints the expanded domain on stdout', async () => {
    const r = await devaddr('expand', 'q35.xml')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^<domain type='kvm'>/)
    expect(r.stdout).toContain('<name>q35-cli-test</name>')
    expect(r.stdout).toContain("<target dev='vda' bus='virtio'/>")
    expect(r.stdout).toContain("<controller type='pci' index='0' model='pcie-root'/>")
    expect(r.stdout).toMatch(/<target dev='vda' bus='virtio'\/>\s*<address type='pci'/)
    expect(r.stdout.endsWith('\n')).toBe(true)
  })

  it('reads a stored config with --existing', async () => {
    const r = await devaddr('expand', '--existing', 'pc.xml')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('<name>pc-cli-test</name>')
  })

  it('assigns USB ports for a new domain only, as `virsh define` does', async () => {
    writeFileSync(join(dir, 'usb.xml'), Q35.replace('</devices>', "  <input type='tablet' bus='usb'/>\n  </devices>"))
    const usbAddress = /<input type='tablet' bus='usb'>\s*<address type='usb' bus='0' port='\d+'\/>/
    const fresh = await devaddr('expand', 'usb.xml')
    expect(fresh.code).toBe(0)
    expect(fresh.stdout).toMatch(usbAddress)
    const stored = await devaddr('expand', '--existing', 'usb.xml')
    expect(stored.code).toBe(0)
    expect(stored.stdout).not.toMatch(usbAddress)
    expect(stored.stdout).toContain("<input type='tablet' bus='usb'/>")
  })

  it('takes files by absolute path too', async () => {
    expect((await devaddr('expand', join(dir, 'q35.xml'))).code).toBe(0)
  })

  it('reports a rejected file on stderr with exit 1', async () => {
    const r = await devaddr('expand', 'broken.xml')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim()).not.toBe('')
  })

  it('reports an unreadable file, naming it, with exit 1', async () => {
    const r = await devaddr('expand', 'nope.xml')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('nope.xml')
  })
})

describe('devaddr expand usage errors (exit 2)', () => {
  it.each([
    ['more than one FILE without --out-dir', ['expand', 'q35.xml', 'pc.xml']],
    ['no FILE', ['expand']],
    ['no FILE with --out-dir', ['expand', '--out-dir', 'out']],
    ['an unknown flag', ['expand', '--frobnicate', 'q35.xml']],
    ['--out-dir without DIR', ['expand', 'q35.xml', '--out-dir']],
    ['an unknown command', ['explode', 'q35.xml']],
    ['no command', []],
    ['two files with one basename', ['expand', '--out-dir', 'out', 'q35.xml', 'sub/q35.xml']],
  ])('%s', async (_what, args) => {
    mkdirSync(join(dir, 'sub'), { recursive: true })
    writeFileSync(join(dir, 'sub', 'q35.xml'), Q35)
    const r = await devaddr(...args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim()).not.toBe('')
    expect(existsSync(join(dir, 'out'))).toBe(false)
  })

  it('refuses an --out-dir that would overwrite the input', async () => {
    const r = await devaddr('expand', '--out-dir', '.', 'q35.xml')
    expect(r.code).toBe(2)
    expect(readFileSync(join(dir, 'q35.xml'), 'utf8')).toBe(Q35)
  })

  it('prints help with exit 0', async () => {
    const r = await devaddr('expand', '--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--out-dir')
    expect(r.stdout).toContain('--existing')
  })
})

describe('devaddr expand --out-dir DIR', () => {
  it('writes DIR/<basename> per file, creating DIR', async () => {
    const r = await devaddr('expand', '--out-dir', 'out/nested', 'q35.xml', 'pc.xml')
    expect(r.code).toBe(0)
    expect(readdirSync(join(dir, 'out', 'nested')).sort()).toEqual(['pc.xml', 'q35.xml'])
    const single = await devaddr('expand', 'q35.xml')
    expect(readFileSync(join(dir, 'out', 'nested', 'q35.xml'), 'utf8')).toBe(single.stdout)
  })

  it('writes <basename>.error for a rejected file, goes on, and exits 1', async () => {
    const r = await devaddr('expand', '--out-dir', 'out', 'broken.xml', 'missing.xml', 'q35.xml')
    expect(r.code).toBe(1)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['broken.xml.error', 'missing.xml.error', 'q35.xml'])
    expect(readFileSync(join(dir, 'out', 'broken.xml.error'), 'utf8').trim()).not.toBe('')
    expect(readFileSync(join(dir, 'out', 'missing.xml.error'), 'utf8')).toContain('missing.xml')
  })

  it('removes what an earlier run left for the same file', async () => {
    expect((await devaddr('expand', '--out-dir', 'out', 'broken.xml', 'q35.xml')).code).toBe(1)
    // the two files swap verdicts
    writeFileSync(join(dir, 'broken.xml'), Q35)
    writeFileSync(join(dir, 'q35.xml'), BROKEN)
    expect((await devaddr('expand', '--out-dir', 'out', 'broken.xml', 'q35.xml')).code).toBe(1)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['broken.xml', 'q35.xml.error'])
    // and both accepted: no .error left
    writeFileSync(join(dir, 'q35.xml'), Q35)
    expect((await devaddr('expand', '--out-dir', 'out', 'broken.xml', 'q35.xml')).code).toBe(0)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['broken.xml', 'q35.xml'])
  })

  it('leaves outputs of files not named in this run alone', async () => {
    mkdirSync(join(dir, 'out'))
    writeFileSync(join(dir, 'out', 'other.xml'), 'kept')
    expect((await devaddr('expand', '--out-dir', 'out', 'q35.xml')).code).toBe(0)
    expect(readFileSync(join(dir, 'out', 'other.xml'), 'utf8')).toBe('kept')
  })
})

describe('the devaddr binary', () => {
  it('runs as a process: writes the outputs, exits 1 for the rejected file, like the in-process run', async () => {
    // note: the one test that starts a process; every other test calls main() in-process
    const r = spawnSync(process.execPath, [BIN, 'expand', '--out-dir', 'out', 'q35.xml', 'broken.xml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(1)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['broken.xml.error', 'q35.xml'])
    expect(readFileSync(join(dir, 'out', 'q35.xml'), 'utf8')).toBe((await devaddr('expand', 'q35.xml')).stdout)
  }, 60_000)

  it('ends quietly when its reader has gone away (`devaddr expand … | head -1`)', async () => {
    const child = spawn(process.execPath, [BIN, 'expand', 'q35.xml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    // note: the read end closed before the process writes, so its write fails with EPIPE every time
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  }, 60_000)
})

describe('devaddr --max-bytes and the input encoding', () => {
  it('refuses a file over --max-bytes before reading it, naming the file and the limit', async () => {
    const r = await devaddr('expand', '--max-bytes', '100', 'q35.xml')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^'q35\.xml' is \d+ bytes long, over the limit of 100 bytes\n$/)
    expect((await devaddr('expand', '--max-bytes', String(Q35.length), 'q35.xml')).code).toBe(0)
  })

  it('refuses a --max-bytes that is not a number of bytes (exit 2)', async () => {
    for (const bad of ['0', '-1', '10k', '']) expect((await devaddr('expand', '--max-bytes', bad, 'q35.xml')).code).toBe(2)
  })

  it('refuses a file that is not proper UTF-8, with the offset of the bad byte', async () => {
    writeFileSync(join(dir, 'latin1.xml'), Buffer.concat([Buffer.from(Q35.replace('q35-cli-test', 'caf')), Buffer.from([0xe9])]))
    const r = await devaddr('expand', 'latin1.xml')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^'latin1\.xml': line \d+, column \d+: input is not proper UTF-8: invalid byte sequence at byte \d+/)
  })
})
