import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import type { CaseMeta, CorpusCase } from './corpus.ts'
import { type ExpandXml, isNewDomain, removedCapabilities, runCase } from './runCase.ts'

const root = mkdtempSync(join(tmpdir(), 'devaddr-conformance-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const INPUT = `<domain type='qemu'><name>t</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices/></domain>`
const EXPECTED = `<domain type='qemu'><name>t</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
  <controller type='pci' index='0' model='pcie-root'/>
</devices></domain>`

function makeCase(name: string, meta: Partial<CaseMeta>): CorpusCase {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'input.xml'), INPUT)
  const full: CaseMeta = { name, arch: 'x86_64', machine: 'q35', parse_flags: ['INACTIVE'], expect: 'ok', ...meta }
  if (full.expect === 'ok') writeFileSync(join(dir, 'expected.xml'), EXPECTED)
  return { name, dir, meta: full }
}

const okCase = makeCase('ok-case', {})
const errorCase = makeCase('error-case', { expect: 'error', error: 'XML error: nope' })
const identity: ExpandXml = (xml) => ({ ok: true, xml })
const perfect: ExpandXml = () => ({ ok: true, xml: EXPECTED })
const reject: ExpandXml = () => ({ ok: false, message: 'XML error: nope' })

describe('runCase', () => {
  it('passes an ok case whose output matches', async () => {
    expect(await runCase(okCase, perfect)).toMatchObject({ passed: true, details: [] })
  })

  it('fails an ok case with the first difference as the reason', async () => {
    const r = await runCase(okCase, identity)
    expect(r.passed).toBe(false)
    expect(r.reason).toBe('controllers: got 0, expected 1 (missing pci index=0 model=pcie-root)')
  })

  it('fails an ok case the engine rejects, with its message', async () => {
    expect(await runCase(okCase, reject)).toMatchObject({ passed: false, reason: 'rejected: XML error: nope' })
  })

  it('turns an engine exception into a failure', async () => {
    const boom: ExpandXml = () => {
      throw new Error('boom')
    }
    expect(await runCase(okCase, boom)).toMatchObject({ passed: false, reason: 'engine threw: boom' })
    expect(await runCase(errorCase, boom)).toMatchObject({ passed: false, reason: 'engine threw: boom' })
  })

  it('fails on output that is not XML', async () => {
    const r = await runCase(okCase, () => ({ ok: true, xml: '<domain>' }))
    expect(r.reason).toMatch(/^output is not well-formed XML/)
  })

  it('passes an error case on any rejection, and notes whether the message is libvirt’s', async () => {
    expect(await runCase(errorCase, reject)).toMatchObject({ passed: true, sameMessage: true })
    expect(await runCase(errorCase, () => ({ ok: false, message: 'other' }))).toMatchObject({ passed: true, sameMessage: false })
  })

  it('fails an error case the engine accepts', async () => {
    expect(await runCase(errorCase, identity)).toMatchObject({
      passed: false,
      reason: 'expected rejection, got ok (libvirt: XML error: nope)',
    })
  })

  it('self-check compares expected.xml with itself, without the engine', async () => {
    const never: ExpandXml = () => {
      throw new Error('not called')
    }
    expect(await runCase(okCase, never, true)).toMatchObject({ passed: true })
  })

  it('passes newDomain from the parse flags', async () => {
    const seen: boolean[] = []
    const spy: ExpandXml = (xml, options) => {
      seen.push(options.newDomain)
      return identity(xml, options)
    }
    await runCase(okCase, spy)
    await runCase(makeCase('abi', { parse_flags: ['INACTIVE', 'ABI_UPDATE'] }), spy)
    expect(seen).toEqual([false, true])
    expect(isNewDomain(['INACTIVE'])).toBe(false)
  })

  it('reports a case folder it cannot read', async () => {
    const r = await runCase({ ...okCase, dir: join(root, 'missing') }, perfect)
    expect(r.reason).toMatch(/^cannot read case/)
  })
})

describe('removedCapabilities', () => {
  it("reads the capabilities a libvirt test deleted, in the engine's naming", () => {
    expect(removedCapabilities(['ARG_QEMU_CAPS_DEL', 'QEMU_CAPS_PIIX3_USB_UHCI', 'QEMU_CAPS_LAST'])).toEqual(['piix3-usb-uhci'])
    expect(removedCapabilities(['ARG_GIC', 'GIC_V3'])).toEqual([])
    expect(removedCapabilities(undefined)).toEqual([])
  })
})

describe('removedCapabilities', () => {
  it("reads the capabilities a libvirt test deleted, in the engine's naming", () => {
    expect(removedCapabilities(['ARG_QEMU_CAPS_DEL', 'QEMU_CAPS_PIIX3_USB_UHCI', 'QEMU_CAPS_LAST'])).toEqual(['piix3-usb-uhci'])
    expect(removedCapabilities(['ARG_GIC', 'GIC_V3'])).toEqual([])
    expect(removedCapabilities(undefined)).toEqual([])
  })
})
