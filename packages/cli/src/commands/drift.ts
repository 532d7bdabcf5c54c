import { DEFAULT_LIBVIRT_VERSION, driftDocument, formatDocumentError, formatDriftChange } from '@devaddr/formats'

import { CLI_WORDING } from '../cliWording.ts'
import { type CommandIo, readTextFile, UsageError, withNewline } from '../commandIo.ts'
import { parseLibvirtVersion } from '../libvirtVersionOption.ts'
import { parseMaxBytes } from '../maxBytesOption.ts'
import { syntaxOf } from '../syntax.ts'
import { runOptionsOf } from './expand.ts'

/** Options of `devaddr drift`, as parsed from the command line. */
export interface DriftCommandOptions {
  /** the release the domain is defined with today (default 9.0, Debian 12's) */
  from?: string
  /** the release it moves to (default: the newest devaddr imitates) */
  to?: string
  existing?: boolean
  policy?: string
  /** `--why`: each cause's note under its change */
  why?: boolean
  /** `--max-bytes`: the largest file read */
  maxBytes?: string
}

/** The release a host runs before an upgrade, when `--from` is not given: Debian 12's. */
export const DRIFT_FROM_DEFAULT = '9.0'

/**
 * `devaddr drift FILE [--from V] [--to V]`: the upgrade check. Lists, one line each, every device
 * whose address, model or acceptance differs when the same file is defined by libvirt `--from`
 * and by libvirt `--to`, with the release differences that cause it. Like abi-diff: exit 0 when
 * there is no drift, 1 when there is (listed on stdout), 2 for a usage error or a file that
 * cannot be read or parsed.
 */
export async function runDrift(file: string | undefined, options: DriftCommandOptions, io: CommandIo): Promise<0 | 1 | 2> {
  if (!file) throw new UsageError('drift needs a domain FILE')
  const from = parseLibvirtVersion(options.from ?? DRIFT_FROM_DEFAULT)!
  const to = parseLibvirtVersion(options.to ?? DEFAULT_LIBVIRT_VERSION)!
  const { from: _from, to: _to, maxBytes: maxText, ...shared } = options
  const overrides = await runOptionsOf(shared)
  const maxBytes = parseMaxBytes(maxText)
  const text = await readTextFile(file, maxBytes)
  if (!text.ok) {
    io.stderr(withNewline(text.message))
    return 2
  }
  const report = driftDocument(text.text, syntaxOf(file), { from, to, overrides, open: { maxBytes } })
  if (!report.ok) {
    io.stderr(withNewline(`${file}: ${formatDocumentError(report.error, CLI_WORDING)}`))
    return 2
  }
  if (report.value.changes.length === 0) return 0
  io.stdout(`${report.value.changes.map((c) => formatDriftChange(c, { notes: options.why === true })).join('\n')}\n`)
  return 1
}
