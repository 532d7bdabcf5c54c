import { mkdir, rm, writeFile } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'

import { type CommandIo, readTextFile, UsageError, withNewline } from '../commandIo.ts'
import type { Outcome, RunOptions } from '../domainText.ts'
import { parseLibvirtVersion } from '../libvirtVersionOption.ts'
import { parseMaxBytes } from '../maxBytesOption.ts'
import { parseQemuMissingOption, parseQemuOption } from '../qemuOption.ts'
import { EXTENSIONS, type Syntax, SYNTAXES, syntaxOf } from '../syntax.ts'

export type { CommandIo } from '../commandIo.ts'
export { UsageError } from '../commandIo.ts'

/** Options of `devaddr expand`, as parsed from the command line. */
export interface ExpandCommandOptions {
  /** Read the files as stored configs (libvirt's plain INACTIVE parse) instead of new domains. */
  existing?: boolean
  /** Write one output file per input into this folder instead of printing to stdout. */
  outDir?: string
  /** A policy file (YAML/JSON) or built-in policy name. */
  policy?: string
  /** Output format; default: the input's own (XML for XML). */
  format?: string
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

/** Exit codes of `devaddr expand`: 0 all expanded, 1 some file rejected, 2 usage error. */
export type ExitCode = 0 | 1 | 2

/**
 * `devaddr expand [--existing] [--policy FILE] [--format xml|yaml|json] [--out-dir DIR] FILE...`
 *
 * FILE is domain XML, or devaddr's YAML (`.yaml`/`.yml`) or JSON (`.json`) input format.
 * Without `--out-dir`, takes exactly one file and prints the expansion on stdout, or the
 * rejection on stderr. With `--out-dir`, writes `DIR/<basename>` per accepted file (with the
 * extension of `--format` when it differs from the input's) and `DIR/<basename>.error` per
 * rejected one, removing the other of the pair left by an earlier run.
 *
 * @returns the exit code
 * @throws UsageError for argument combinations the contract forbids, or a bad `--policy`
 */
export async function runExpand(files: readonly string[], options: ExpandCommandOptions, io: CommandIo): Promise<ExitCode> {
  if (files.length === 0) throw new UsageError('missing FILE: give at least one domain file')
  const format = parseFormat(options.format)
  if (options.outDir === undefined && files.length > 1) {
    throw new UsageError('more than one FILE needs --out-dir DIR (one output file per input)')
  }
  if (options.outDir === '') throw new UsageError('--out-dir needs a folder name')
  const targets = options.outDir === undefined ? undefined : planOutputs(files, options.outDir, format)
  const run = await runOptionsOf(options)
  const maxBytes = parseMaxBytes(options.maxBytes)

  if (targets === undefined) {
    const result = await expandFile(files[0] as string, format, run, maxBytes)
    if (result.ok) {
      io.stdout(result.value)
      return 0
    }
    io.stderr(withNewline(result.message))
    return 1
  }
  await mkdir(options.outDir!, { recursive: true })
  let rejected = 0
  for (const { file, output } of targets) {
    const result = await expandFile(file, format, run, maxBytes)
    // note: drop both names first so the folder shows only this run's verdict for the file
    await rm(output, { force: true })
    await rm(`${output}.error`, { force: true })
    if (result.ok) {
      await writeFile(output, result.value)
    } else {
      rejected++
      await writeFile(`${output}.error`, withNewline(result.message))
      io.stderr(`${file}: rejected (${output}.error)\n`)
    }
  }
  return rejected > 0 ? 1 : 0
}

/** `--format`, checked. */
export function parseFormat(format: string | undefined): Syntax | undefined {
  if (format === undefined) return undefined
  if (!(SYNTAXES as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${SYNTAXES.join(', ')}, not '${format}'`)
  return format as Syntax
}

/** note: the engine runs on first use, once the flags and files are checked */
async function loadEngine() {
  return await import('../domainText.ts')
}

/** `--policy`, read (the engine's built-in policies are loaded only when it is given). */
export async function loadPolicy(arg: string | undefined) {
  if (arg === undefined) return undefined
  return (await import('../policyOption.ts')).loadPolicyOption(arg)
}

/** The engine run the shared flags `--existing`, `--libvirt-version`, `--qemu`, `--qemu-missing` and `--policy` ask for. */
export async function runOptionsOf(options: {
  existing?: boolean
  libvirtVersion?: string
  qemu?: string
  qemuMissing?: string
  anyMachineVersion?: boolean
  policy?: string
}): Promise<RunOptions> {
  const run: RunOptions = {}
  if (options.existing === true) run.newDomain = false
  const libvirtVersion = parseLibvirtVersion(options.libvirtVersion)
  if (libvirtVersion) run.libvirtVersion = libvirtVersion
  const qemu = parseQemuOption(options.qemu)
  if (qemu) run.qemu = qemu
  const qemuCaps = parseQemuMissingOption(options.qemuMissing)
  if (qemuCaps) run.qemuCaps = qemuCaps
  if (options.anyMachineVersion === true) run.anyMachineVersion = true
  const policy = await loadPolicy(options.policy)
  if (policy !== undefined) run.policy = policy
  return run
}

async function expandFile(file: string, format: Syntax | undefined, run: RunOptions, maxBytes: number): Promise<Outcome<string>> {
  const text = await readTextFile(file, maxBytes)
  if (!text.ok) return text
  const { expandText } = await loadEngine()
  const syntax = syntaxOf(file)
  const result = expandText(text.text, syntax, format ?? syntax, run, maxBytes)
  return result.ok ? { ok: true, value: withNewline(result.value) } : result
}

/** Maps each input to `DIR/<basename>`, refusing plans that would lose or overwrite data. */
function planOutputs(files: readonly string[], outDir: string, format: Syntax | undefined): { file: string; output: string }[] {
  const seen = new Map<string, string>()
  return files.map((file) => {
    let name = basename(file)
    if (name === '' || name === '.' || name === '..') throw new UsageError(`'${file}' is not a file name`)
    const syntax = syntaxOf(file)
    if (format !== undefined && format !== syntax) name = `${basename(name, extname(name))}${EXTENSIONS[format]}`
    const previous = seen.get(name)
    if (previous !== undefined) {
      throw new UsageError(`'${previous}' and '${file}' would both be written to ${join(outDir, name)}`)
    }
    seen.set(name, file)
    const output = join(outDir, name)
    if (resolve(output) === resolve(file) || resolve(`${output}.error`) === resolve(file)) {
      throw new UsageError(`--out-dir ${outDir} would overwrite the input file '${file}'`)
    }
    return { file, output }
  })
}
