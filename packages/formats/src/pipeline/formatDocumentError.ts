import { formatAddrError, LIBVIRT_VERSION_ALIASES, LIBVIRT_VERSIONS } from 'devaddr'

import { formatFormatError } from '../data/formatError.ts'
import { exhaustive } from '../result.ts'
import { formatXmlError } from '../xml/formatXmlError.ts'
import type { DocumentError, OptionsError } from './documentError.ts'
import { builtinPolicyIds } from './parsePolicyName.ts'

/**
 * The words a front end uses for its own options, so that one message can tell its user what
 * to do. Only options errors use them.
 * @public
 */
export interface ErrorWording {
  /** how to choose another policy, completing "…which devaddr does not ship; ", e.g. `name one with ?policy=NAME[@VERSION]` */
  choosePolicy: string
  /** where the shipped policies are listed, added in parentheses, e.g. `see GET /v1/policies` */
  policyList?: string
  /** the libvirt version option's name, e.g. `--libvirt-version` */
  libvirtVersionOption: string
  /** the QEMU version option's name, e.g. `--qemu`; default `qemu` */
  qemuOption?: string
}

/** Wording for a caller with no options of its own (a library call). @public */
export const DEFAULT_WORDING: ErrorWording = {
  choosePolicy: 'name a shipped policy instead',
  libvirtVersionOption: 'libvirtVersion',
}

/**
 * The text a user reads for a `DocumentError`, one line per error: `formatXmlError`,
 * `formatFormatError`, `formatAddrError` lines, an options message, or `internal error in
 * devaddr: …`. The one formatter of the pipeline: every front end prints this.
 *
 * @param wording the front end's names for its options (default `DEFAULT_WORDING`)
 * @public
 */
export function formatDocumentError(e: DocumentError, wording: ErrorWording = DEFAULT_WORDING): string {
  switch (e.kind) {
    case 'xml':
      return formatXmlError(e.error)
    case 'data':
      return formatFormatError(e.error)
    case 'options':
      return formatOptionsError(e.error, wording)
    case 'addr':
      return e.errors.map(formatAddrError).join('\n')
    case 'internal':
      return `internal error in devaddr: ${e.message}`
    default:
      return exhaustive(e)
  }
}

/**
 * The text of an `OptionsError` (also for errors in a front end's own option parsing).
 * @public
 */
export function formatOptionsError(e: OptionsError, wording: ErrorWording = DEFAULT_WORDING): string {
  switch (e.code) {
    case 'unknown-policy': {
      if (e.source === 'document') {
        return `the document records policy ${e.name}@${e.version}, which devaddr does not ship; ${wording.choosePolicy}`
      }
      const list = wording.policyList === undefined ? '' : ` (${wording.policyList})`
      return `no built-in policy "${e.text}"; known: ${builtinPolicyIds().join(', ')}${list}`
    }
    case 'unknown-libvirt-version':
      return `${wording.libvirtVersionOption} must be ${[...LIBVIRT_VERSIONS].reverse().join(', ')} or ${Object.keys(LIBVIRT_VERSION_ALIASES).join(', ')}, not "${e.text}"`
    case 'bad-qemu-version':
      return `${wording.qemuOption ?? 'qemu'} must be a QEMU version such as 10.0 or 8.2.0, not "${e.text}"`
    default:
      return exhaustive(e)
  }
}
