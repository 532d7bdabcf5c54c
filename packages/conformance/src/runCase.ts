import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { compareDomains, formatDifference } from './compareDomains.ts'
import type { CorpusCase } from './corpus.ts'
import { parseXmlTree } from './xmlTree.ts'

/** The engine as the runner sees it: domain XML in, expanded XML or a rejection message out. */
export type ExpandXml = (
  xml: string,
  options: { newDomain: boolean; libvirtVersion?: string; qemu?: string; qemuCaps?: { missing: string[] } },
) => { ok: true; xml: string } | { ok: false; message: string }

/** The verdict on one case. */
export interface CaseResult {
  name: string
  arch: string
  machine: string
  expect: 'ok' | 'error'
  passed: boolean
  /** why it failed: the first difference, the rejection, or the exception */
  reason?: string
  /** every difference, for --verbose */
  details: string[]
  /** error cases the engine rejected: whether its message is libvirt's, verbatim */
  sameMessage?: boolean
}

/**
 * QEMU capabilities a case's test removed (`ARG_QEMU_CAPS_DEL … QEMU_CAPS_LAST`), in the
 * engine's naming: QEMU_CAPS_PIIX3_USB_UHCI → piix3-usb-uhci.
 */
export function removedCapabilities(args: readonly string[] | undefined): string[] {
  const at = args?.indexOf('ARG_QEMU_CAPS_DEL') ?? -1
  if (!args || at < 0) return []
  const out: string[] = []
  for (const a of args.slice(at + 1)) {
    if (a === 'QEMU_CAPS_LAST' || !a.startsWith('QEMU_CAPS_')) break
    out.push(a.slice('QEMU_CAPS_'.length).toLowerCase().replaceAll('_', '-'))
  }
  return out
}

/** The flags a case's test removed: the meta's own list (11.3), else read from its harness arguments. */
export function caseRemovedCapabilities(meta: CorpusCase['meta']): string[] {
  return meta.caps_flags_removed ?? removedCapabilities(meta.test_harness_args)
}

/** libvirt's ABI_UPDATE parse is what `virsh define` of a new domain does. */
export function isNewDomain(parseFlags: readonly string[]): boolean {
  return parseFlags.includes('ABI_UPDATE')
}

/**
 * Runs one case: the engine (imitating `libvirtVersion`, with the case's QEMU) on `input.xml`
 * (or, with `selfCheck`, `expected.xml` itself) and the address-contract comparison with
 * `expected.xml`. Never throws: an engine exception is a
 * failure naming it.
 */
export async function runCase(c: CorpusCase, expand: ExpandXml, selfCheck = false, libvirtVersion?: string): Promise<CaseResult> {
  const base = { name: c.name, arch: c.meta.arch, machine: c.meta.machine, expect: c.meta.expect }
  const fail = (reason: string, details: string[] = [reason]): CaseResult => ({ ...base, passed: false, reason, details })
  let input: string
  let expectedXml: string | undefined
  try {
    input = await readFile(join(c.dir, selfCheck ? 'expected.xml' : 'input.xml'), 'utf8')
    if (c.meta.expect === 'ok') expectedXml = await readFile(join(c.dir, 'expected.xml'), 'utf8')
  } catch (e) {
    return fail(`cannot read case: ${messageOf(e)}`)
  }

  let output: ReturnType<ExpandXml>
  if (selfCheck) {
    output = { ok: true, xml: input }
  } else {
    try {
      // note: the case's QEMU and removed flags go through the options the CLI's --qemu takes
      const missing = caseRemovedCapabilities(c.meta)
      output = expand(input, {
        newDomain: isNewDomain(c.meta.parse_flags),
        ...(libvirtVersion !== undefined ? { libvirtVersion } : {}),
        ...(c.meta.caps_qemu_version !== undefined ? { qemu: c.meta.caps_qemu_version } : {}),
        ...(missing.length ? { qemuCaps: { missing } } : {}),
      })
    } catch (e) {
      return fail(`engine threw: ${messageOf(e)}`)
    }
  }

  if (c.meta.expect === 'error') {
    if (output.ok) return fail(`expected rejection, got ok (libvirt: ${c.meta.error ?? '?'})`)
    const sameMessage = output.message === c.meta.error
    const details = sameMessage ? [] : [`rejected with: ${output.message}`, `libvirt says:  ${c.meta.error ?? '?'}`]
    return { ...base, passed: true, details, sameMessage }
  }

  if (!output.ok) return fail(`rejected: ${output.message}`)
  const actual = parseXmlTree(output.xml)
  if (!actual.ok) return fail(`output is not well-formed XML: ${actual.error}`)
  const expected = parseXmlTree(expectedXml ?? '')
  if (!expected.ok) return fail(`expected.xml is not well-formed XML: ${expected.error}`)
  const differences = compareDomains(actual.value, expected.value).map(formatDifference)
  const first = differences[0]
  return first === undefined ? { ...base, passed: true, details: [] } : fail(first, differences)
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
