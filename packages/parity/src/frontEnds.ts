import { join } from 'node:path'

import { CLI_WORDING, main } from '@devaddr/cli'
import { expandWithFormats } from '@devaddr/conformance'
import { type DocumentError, documentErrorCodes, type ExpandedDocument, formatDocumentError } from '@devaddr/formats'
import { handleExpand, handleExplain } from '@devaddr/service'
import { NO_EDITS, runExpansion, type StudioError } from '@devaddr/studio/engine'
import type { Result } from 'devaddr'

import type { ParityDocument, ParityVariant } from './documents.ts'

/**
 * What a front end made of a document, in terms every front end can be held to: the output
 * text and the policy and machine it ran with, or the error's codes and text. `undefined`
 * marks what that front end does not show.
 */
export type Verdict =
  | { ok: true; text: string; policy: string | undefined; machine: string | undefined }
  | { ok: false; codes: string[] | undefined; message: string | undefined }

const withNewline = (s: string) => (s.endsWith('\n') ? s : `${s}\n`)

/** What the reference (`expandDocument`) says each front end must give. */
export function expected(ref: Result<ExpandedDocument, DocumentError>, wording = CLI_WORDING): Verdict {
  if (!ref.ok) return { ok: false, codes: documentErrorCodes(ref.error), message: formatDocumentError(ref.error, wording) }
  const { expansion } = ref.value
  return { ok: true, text: ref.value.text, policy: `${expansion.policy.name}@${expansion.policy.version}`, machine: expansion.machine }
}

/** `devaddr expand` and `devaddr explain`, in-process on a file in `dir`. */
export async function viaCli(dir: string, doc: ParityDocument, v: ParityVariant): Promise<Verdict> {
  const flags = [
    ...(v.existing ? ['--existing'] : []),
    ...(v.libvirtVersion ? ['--libvirt-version', v.libvirtVersion] : []),
    ...(v.policy ? ['--policy', v.policy] : []),
  ]
  const run = async (argv: string[]) => {
    let stdout = ''
    let stderr = ''
    const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
    return { code, stdout, stderr }
  }
  const file = join(dir, doc.file)
  const expand = await run(['expand', ...flags, file])
  const explain = await run(['explain', ...flags, file])
  if (expand.code !== explain.code) throw new Error(`expand exits ${expand.code}, explain ${explain.code}`)
  if (expand.code !== 0) {
    if (expand.code !== 1 || expand.stderr !== explain.stderr) throw new Error(`exit ${expand.code}: ${expand.stderr}`)
    // note: the CLI prints no codes; its message is the formatter's text of the same error
    return { ok: false, codes: undefined, message: expand.stderr.replace(/\n$/, '') }
  }
  // the first line of `explain`: "x86_64 q35, policy kubevirt version 1"
  const header = /^(\S+) (\S+), policy (\S+) version (\d+)\n/.exec(explain.stdout)
  if (header === null) throw new Error(`explain: ${explain.stdout}`)
  return { ok: true, text: expand.stdout, policy: `${header[3]}@${header[4]}`, machine: header[2] }
}

const MEDIA_TYPES = { xml: 'application/xml', yaml: 'application/yaml', json: 'application/json' } as const

/** `POST /v1/expand` and `POST /v1/explain`, through the pure handlers. */
export function viaService(doc: ParityDocument, v: ParityVariant): Verdict & { status: number } {
  const query: Record<string, string> = {
    ...(v.existing ? { existing: '1' } : {}),
    ...(v.libvirtVersion ? { libvirtVersion: v.libvirtVersion } : {}),
    ...(v.policy ? { policy: v.policy } : {}),
  }
  const req = { contentType: MEDIA_TYPES[doc.syntax], body: doc.text, query }
  const expand = handleExpand(req)
  const explain = handleExplain(req)
  if (expand.status !== 200) {
    if (explain.body !== expand.body) throw new Error('expand and explain disagree')
    const errors = (JSON.parse(expand.body) as { errors: Array<{ code: string; message: string }> }).errors
    // note: messages are per entry, with the place apart: only the codes compare
    return { status: expand.status, ok: false, codes: errors.map((e) => e.code), message: undefined }
  }
  const { policy } = JSON.parse(explain.body) as { policy: { name: string; version: number } }
  return { status: expand.status, ok: true, text: withNewline(expand.body), policy: `${policy.name}@${policy.version}`, machine: undefined }
}

/** The studio's engine worker, with no edits (XML only, no options of its own). */
export function viaStudio(doc: ParityDocument): { verdict: Verdict; error?: StudioError } {
  const r = runExpansion(doc.text, NO_EDITS)
  if (!r.ok) {
    const codes = r.error.kind === 'addr' && r.error.errors.length > 0 ? r.error.errors.map((e) => e.code) : undefined
    return { verdict: { ok: false, codes, message: undefined }, error: r.error }
  }
  const { expansion } = r
  return {
    verdict: { ok: true, text: r.expandedXml, policy: `${expansion.policy.name}@${expansion.policy.version}`, machine: expansion.machine },
  }
}

/** The conformance runner's engine binding (XML only; its options are the corpus's parse flag). */
export function viaConformance(doc: ParityDocument, v: ParityVariant): Verdict {
  const r = expandWithFormats(doc.text, { newDomain: v.existing !== true })
  return r.ok ? { ok: true, text: r.xml, policy: undefined, machine: undefined } : { ok: false, codes: undefined, message: r.message }
}
