import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { ExpandTextResult } from '../expandXmlText.ts'

/** Options of `devaddr expand`, as parsed from the command line. */
export interface ExpandCommandOptions {
  /** Read the files as stored configs (libvirt's plain INACTIVE parse) instead of new domains. */
  existing?: boolean
  /** Write one output file per input into this folder instead of printing to stdout. */
  outDir?: string
}

/** Where a command writes; injected so tests and other front ends can capture it. */
export interface CommandIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** A command-line mistake: reported with exit code 2, before any file is read. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Exit codes of `devaddr expand`: 0 all expanded, 1 some file rejected, 2 usage error. */
export type ExitCode = 0 | 1 | 2

/**
 * `devaddr expand [--existing] [--out-dir DIR] FILE...`
 *
 * Without `--out-dir`, takes exactly one file and prints the expanded XML on stdout, or the
 * rejection on stderr. With `--out-dir`, writes `DIR/<basename>` per accepted file and
 * `DIR/<basename>.error` per rejected one, removing the other of the pair left by an earlier run.
 *
 * @returns the exit code
 * @throws UsageError for argument combinations the contract forbids
 */
export async function runExpand(files: readonly string[], options: ExpandCommandOptions, io: CommandIo): Promise<ExitCode> {
  const newDomain = options.existing !== true
  if (files.length === 0) throw new UsageError('missing FILE: give at least one domain XML file')
  if (options.outDir === undefined) {
    if (files.length > 1) throw new UsageError('more than one FILE needs --out-dir DIR (one output file per input)')
    const result = await expandFile(files[0] as string, newDomain)
    if (result.ok) {
      io.stdout(result.xml)
      return 0
    }
    io.stderr(withNewline(result.message))
    return 1
  }
  const outDir = options.outDir
  if (outDir === '') throw new UsageError('--out-dir needs a folder name')
  const targets = planOutputs(files, outDir)
  await mkdir(outDir, { recursive: true })
  let rejected = 0
  for (const { file, output } of targets) {
    const result = await expandFile(file, newDomain)
    // note: drop both names first so the folder shows only this run's verdict for the file
    await rm(output, { force: true })
    await rm(`${output}.error`, { force: true })
    if (result.ok) {
      await writeFile(output, result.xml)
    } else {
      rejected++
      await writeFile(`${output}.error`, withNewline(result.message))
      io.stderr(`${file}: rejected (${output}.error)\n`)
    }
  }
  return rejected > 0 ? 1 : 0
}

type FileOutcome = { ok: true; xml: string } | { ok: false; message: string }

type ExpandText = (xml: string, newDomain: boolean) => ExpandTextResult

/** note: loaded on first use, so usage and I/O errors never depend on the engine loading */
async function loadEngine(): Promise<ExpandText> {
  return (await import('../expandXmlText.ts')).expandXmlText
}

async function expandFile(file: string, newDomain: boolean): Promise<FileOutcome> {
  let xml: string
  try {
    xml = await readFile(file, 'utf8')
  } catch (e) {
    return { ok: false, message: `cannot read '${file}': ${describeIoError(e)}` }
  }
  const expandXmlText = await loadEngine()
  const result = expandXmlText(xml, newDomain)
  return result.ok ? { ok: true, xml: withNewline(result.xml) } : { ok: false, message: result.message }
}

/** Maps each input to `DIR/<basename>`, refusing plans that would lose or overwrite data. */
function planOutputs(files: readonly string[], outDir: string): { file: string; output: string }[] {
  const seen = new Map<string, string>()
  return files.map((file) => {
    const name = basename(file)
    if (name === '' || name === '.' || name === '..') throw new UsageError(`'${file}' is not a file name`)
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

function describeIoError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code
    switch (code) {
      case 'ENOENT':
        return 'no such file'
      case 'EACCES':
        return 'permission denied'
      case 'EISDIR':
        return 'is a directory'
      default:
        return e.message
    }
  }
  return String(e)
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
