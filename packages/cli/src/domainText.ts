import {
  expandDomainXml,
  formatExpandXmlError,
  formatFormatError,
  formatXmlError,
  parseDomainJson,
  parseDomainXml,
  parseDomainYaml,
  toDomainXml,
  toJson,
  toYaml,
  writeExpansion,
  type DomainDocument,
} from '@devaddr/formats'
import {
  builtinPolicy,
  expandDomain,
  formatAddrError,
  type DomainInput,
  type ExpandOptions,
  type Expansion,
  type LibvirtVersion,
  type Policy,
} from 'devaddr'
import type { Syntax } from './syntax.ts'

/** A domain read from any supported syntax. */
export interface LoadedDomain {
  syntax: Syntax
  input: DomainInput
  /** the source document, for XML */
  doc?: DomainDocument
  /**
   * The file's policy: a YAML/JSON `policy:`, or the built-in policy a document records
   * (devaddr's `<metadata>`, or a `policy:` with only a name and version)
   */
  policy?: Policy
  newDomain?: boolean
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string }

/** Parses a domain in the given syntax; the failure is the message a user reads. */
export function loadDomain(text: string, syntax: Syntax): Outcome<LoadedDomain> {
  if (syntax === 'xml') {
    const doc = parseDomainXml(text)
    if (!doc.ok) return { ok: false, message: formatXmlError(doc.error) }
    const loaded: LoadedDomain = { syntax, input: doc.value.input, doc: doc.value }
    const recorded = doc.value.policy && builtinPolicy(doc.value.policy.name, doc.value.policy.version)
    if (recorded !== undefined) loaded.policy = recorded
    return { ok: true, value: loaded }
  }
  const data = syntax === 'yaml' ? parseDomainYaml(text) : parseDomainJson(text)
  if (!data.ok) return { ok: false, message: formatFormatError(data.error) }
  const loaded: LoadedDomain = { syntax, input: data.value.input }
  const policy = data.value.policy
  if (policy !== undefined) {
    // note: an output records only a policy's name and version; a built-in one is known in full
    const builtin = Object.keys(policy.tunables).length === 0 ? builtinPolicy(policy.name, policy.version) : undefined
    loaded.policy = builtin ?? policy
  }
  if (data.value.newDomain !== undefined) loaded.newDomain = data.value.newDomain
  return { ok: true, value: loaded }
}

/** How `expand` and `explain` run the engine. */
export interface RunOptions {
  /** false with `--existing`; undefined: the file decides (YAML/JSON `newDomain`), else a new domain */
  newDomain?: boolean
  /** `--policy`; overrides the file's own */
  policy?: Policy
  /** `--libvirt-version`: the libvirt release to imitate (default 9.9) */
  libvirtVersion?: LibvirtVersion
}

/** The engine options a run's command-line options stand for. */
export function engineOptions(options: RunOptions, newDomain: boolean, policy: Policy | undefined): ExpandOptions {
  return {
    newDomain,
    ...(policy ? { policy } : {}),
    ...(options.libvirtVersion ? { libvirtVersion: options.libvirtVersion } : {}),
  }
}

/** Expands a loaded domain with the command line's options over the file's own. */
export function runEngine(domain: LoadedDomain, options: RunOptions): Outcome<Expansion> {
  const policy = options.policy ?? domain.policy
  const newDomain = options.newDomain ?? domain.newDomain ?? true
  const r = expandDomain(domain.input, engineOptions(options, newDomain, policy))
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.error.map(formatAddrError).join('\n') }
}

/**
 * Expands one domain text and writes it in `format`. Pure: no I/O, same input gives the same
 * output. XML in, XML out goes through `expandDomainXml`, exactly as before `--format` existed,
 * unless the document records a devaddr policy and no `--policy` is given: then the recorded
 * built-in policy is used again.
 * An exception from the engine is a bug, but is still reported as a rejection naming it, so one
 * bad file cannot stop a batch.
 */
export function expandText(text: string, syntax: Syntax, format: Syntax, options: RunOptions): Outcome<string> {
  try {
    if (syntax === 'xml' && format === 'xml' && (options.policy !== undefined || !text.includes('https://devaddr.dev/xml/policy/'))) {
      const r = expandDomainXml(text, engineOptions(options, options.newDomain ?? true, options.policy))
      return r.ok ? { ok: true, value: r.value } : { ok: false, message: formatExpandXmlError(r.error) }
    }
    const domain = loadDomain(text, syntax)
    if (!domain.ok) return domain
    const expansion = runEngine(domain.value, options)
    if (!expansion.ok) return expansion
    return { ok: true, value: writeAs(format, domain.value, expansion.value) }
  } catch (e) {
    return { ok: false, message: `internal error in devaddr: ${e instanceof Error ? e.message : String(e)}` }
  }
}

function writeAs(format: Syntax, domain: LoadedDomain, expansion: Expansion): string {
  switch (format) {
    case 'yaml':
      return toYaml(expansion)
    case 'json':
      return toJson(expansion)
    case 'xml':
      return domain.doc !== undefined ? writeExpansion(domain.doc, expansion) : toDomainXml(expansion, domain.input)
  }
}
