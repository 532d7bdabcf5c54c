import { type CommandIo, readTextFile, UsageError, withNewline } from '../commandIo.ts'
import { parseMaxBytes } from '../maxBytesOption.ts'
import { syntaxOf } from '../syntax.ts'
import { runOptionsOf } from './expand.ts'

/** Options of `devaddr explain`. */
export interface ExplainCommandOptions {
  existing?: boolean
  policy?: string
  /** `--libvirt-version`: the libvirt release to imitate */
  libvirtVersion?: string
  /** `--max-bytes`: the largest file read */
  maxBytes?: string
  /** `--qemu`: the QEMU whose devices to assume */
  qemu?: string
  /** `--qemu-missing`: capabilities that QEMU lacks on top */
  qemuMissing?: string
  /** `--any-machine-version`: address a machine type the QEMU lacks as its family */
  anyMachineVersion?: boolean
}

/**
 * `devaddr explain [--existing] [--policy FILE] FILE`: expands FILE and prints, for every device
 * of the expansion in output order, its id, label and address, then the decisions that placed it
 * (the engine's `Expansion.explanations`), then each warning.
 *
 * @returns 0 explained (warnings or not), 1 FILE rejected or unreadable
 */
export async function runExplain(file: string | undefined, options: ExplainCommandOptions, io: CommandIo): Promise<0 | 1> {
  if (file === undefined || file === '') throw new UsageError('missing FILE: give one domain file')
  const run = await runOptionsOf(options)
  const maxBytes = parseMaxBytes(options.maxBytes)
  const text = await readTextFile(file, maxBytes)
  if (!text.ok) {
    io.stderr(withNewline(text.message))
    return 1
  }
  const { loadDomain, runEngine } = await import('../domainText.ts')
  const { deviceLabel } = await import('devaddr')
  const { addressText } = await import('@devaddr/formats')
  const domain = loadDomain(text.text, syntaxOf(file), maxBytes)
  const expansion = domain.ok ? runEngine(domain.value, run) : domain
  if (!expansion.ok) {
    io.stderr(withNewline(expansion.message))
    return 1
  }
  const e = expansion.value
  const steps = new Map(e.explanations.map((x) => [x.device, x.steps]))
  const out: string[] = [`${e.arch} ${e.machine}, policy ${e.policy.name} version ${e.policy.version}`]
  for (const d of e.devices) {
    const where = d.address === undefined ? '' : ` at ${addressText(d.address)}`
    out.push(`${d.id}: ${deviceLabel(d)}${where} [${d.origin}]`)
    const chain = steps.get(d.id) ?? []
    if (chain.length === 0) out.push('  (no decisions recorded)')
    for (const step of chain) out.push(`  - ${step}`)
  }
  for (const w of e.warnings) out.push(`warning: ${w.code}: ${w.message}`)
  io.stdout(`${out.join('\n')}\n`)
  return 0
}
