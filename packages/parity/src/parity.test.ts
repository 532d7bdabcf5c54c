import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { CLI_WORDING } from '@devaddr/cli'
import { DEFAULT_WORDING, type DocumentOverrides, expandDocument, parseLibvirtVersion, parsePolicyName } from '@devaddr/formats'
import { STUDIO_WORDING, studioErrorOf } from '@devaddr/studio/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DOCUMENTS, type ParityDocument, type ParityVariant, VARIANTS } from './documents.ts'
import { expected, type Verdict, viaCli, viaConformance, viaService, viaStudio } from './frontEnds.ts'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'devaddr-parity-'))
  for (const doc of DOCUMENTS) writeFileSync(join(dir, doc.file), doc.text)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The variant's options through the pipeline's own parsers, as every front end reads them. */
function overridesOf(v: ParityVariant): DocumentOverrides {
  const o: DocumentOverrides = {}
  if (v.existing) o.newDomain = false
  if (v.libvirtVersion) {
    const version = parseLibvirtVersion(v.libvirtVersion)
    if (!version.ok) throw new Error(v.libvirtVersion)
    o.libvirtVersion = version.value
  }
  if (v.policy) {
    const policy = parsePolicyName(v.policy)
    if (!policy.ok) throw new Error(v.policy)
    o.policy = policy.value
  }
  return o
}

/** A verdict with what `shown` leaves out blanked, so front ends that show less still compare. */
function as(shown: Verdict, want: Verdict): Verdict {
  if (want.ok && shown.ok)
    return {
      ...want,
      policy: shown.policy === undefined ? undefined : want.policy,
      machine: shown.machine === undefined ? undefined : want.machine,
    }
  if (!want.ok && !shown.ok)
    return {
      ...want,
      codes: shown.codes === undefined ? undefined : want.codes,
      message: shown.message === undefined ? undefined : want.message,
    }
  return want
}

const STATUS = { xml: 400, data: 400, options: 400, addr: 422, internal: 500 } as const

const cases = DOCUMENTS.flatMap((doc) => VARIANTS.map((v) => [doc.file, v.name, doc, v] as [string, string, ParityDocument, ParityVariant]))

describe('every front end gives the same result for the same document and options', () => {
  it.each(cases)('%s, %s', async (_file, _variant, doc, v) => {
    const ref = expandDocument(doc.text, doc.syntax, { overrides: overridesOf(v) })
    const texts = new Set<string>()

    const cli = await viaCli(dir, doc, v)
    expect(cli).toEqual(as(cli, expected(ref, CLI_WORDING)))
    if (cli.ok) texts.add(cli.text)

    const service = viaService(doc, v)
    const { status, ...serviceVerdict } = service
    expect(serviceVerdict).toEqual(as(serviceVerdict, expected(ref)))
    expect(status).toBe(ref.ok ? 200 : STATUS[ref.error.kind])
    if (service.ok) texts.add(service.text)

    // the studio and the conformance runner take XML, and no policy or libvirt version of their own
    if (doc.syntax === 'xml' && v.libvirtVersion === undefined && v.policy === undefined) {
      if (!v.existing) {
        const studio = viaStudio(doc)
        expect(studio.verdict).toEqual(as(studio.verdict, expected(ref, STUDIO_WORDING)))
        if (!ref.ok) expect(studio.error).toEqual(studioErrorOf(ref.error))
        if (studio.verdict.ok) texts.add(studio.verdict.text)
      }
      const conformance = viaConformance(doc, v)
      expect(conformance).toEqual(as(conformance, expected(ref, DEFAULT_WORDING)))
      if (conformance.ok) texts.add(conformance.text)
    }
    expect(texts.size).toBe(ref.ok ? 1 : 0)
  })
})

describe('what they agree on', () => {
  it.each(DOCUMENTS.map((d) => [d.file, d] as const))('%s without options', (_file, doc) => {
    const ref = expandDocument(doc.text, doc.syntax)
    if ('policy' in doc.expect)
      expect(ref.ok && `${ref.value.options.policy.name}@${ref.value.options.policy.version}`).toBe(doc.expect.policy)
    else expect(expected(ref)).toMatchObject({ ok: false, codes: doc.expect.codes })
  })

  it('an override wins over the document: nova@7 expands with --policy / ?policy=', () => {
    const nova = DOCUMENTS.find((d) => d.file === 'nova.xml')!
    const ref = expandDocument(nova.text, 'xml', { overrides: overridesOf(VARIANTS[3]!) })
    expect(ref.ok && ref.value.options).toMatchObject({ policy: { name: 'ovirt' }, newDomain: false, libvirtVersion: '9.0' })
  })

  it('the CLI names the unknown policy and how to choose one', async () => {
    const nova = DOCUMENTS.find((d) => d.file === 'nova.xml')!
    expect(await viaCli(dir, nova, VARIANTS[0]!)).toEqual({
      ok: false,
      codes: undefined,
      message: 'the document records policy nova@7, which devaddr does not ship; name one with --policy NAME[@VERSION] or --policy FILE',
    })
  })
})
