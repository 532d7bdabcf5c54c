import {
  type DocumentError,
  type DocumentOverrides,
  expandDocument,
  formatDocumentError,
  openDocument,
  type OpenedDocument,
  type ResolvedOptions,
  resolveOptions,
  runDocument,
} from '@devaddr/formats'
import type { Expansion, Result } from 'devaddr'

import { CLI_WORDING } from './cliWording.ts'
import type { Syntax } from './syntax.ts'

/**
 * The command line over `@devaddr/formats`' document pipeline: the same steps and rules as
 * every other front end, failures turned into the text the user reads.
 */

/** A domain read from any supported syntax. */
export type LoadedDomain = OpenedDocument

/** How `expand`, `explain` and `hotplug` run the engine: `--existing`, `--policy`, `--libvirt-version`. */
export type RunOptions = DocumentOverrides

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string }

function outcome<T>(r: Result<T, DocumentError>): Outcome<T> {
  return r.ok ? r : { ok: false, message: formatDocumentError(r.error, CLI_WORDING) }
}

/** Parses a domain in the given syntax; the failure is the message a user reads. */
export function loadDomain(text: string, syntax: Syntax, maxBytes?: number): Outcome<LoadedDomain> {
  return outcome(openDocument(text, syntax, maxBytes === undefined ? {} : { maxBytes }))
}

/** The options a loaded domain runs with: the command line's over the file's own (`resolveOptions`). */
export function resolveRun(domain: LoadedDomain, options: RunOptions): Outcome<ResolvedOptions> {
  return outcome(resolveOptions(domain, options))
}

/** Expands a loaded domain with the command line's options over the file's own. */
export function runEngine(domain: LoadedDomain, options: RunOptions): Outcome<Expansion> {
  const resolved = resolveOptions(domain, options)
  return outcome(resolved.ok ? runDocument(domain, resolved.value) : resolved)
}

/**
 * Expands one domain text and writes it in `format` (`expandDocument`). Pure: no I/O, same input
 * gives the same output. An exception in devaddr is a bug, but comes back as a rejection naming
 * it, so one bad file cannot stop a batch.
 */
export function expandText(text: string, syntax: Syntax, format: Syntax, options: RunOptions, maxBytes?: number): Outcome<string> {
  const r = expandDocument(text, syntax, { overrides: options, format, ...(maxBytes === undefined ? {} : { open: { maxBytes } }) })
  return r.ok ? { ok: true, value: r.value.text } : outcome(r)
}
