import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

import { checkBaseline, formatBaseline, parseBaseline, updatedBaseline } from './baseline.ts'
import { CORPORA, type Corpus, type CorpusCase, corpusDir, isCorpusDir, loadCases } from './corpus.ts'
import { closingLine, formatFailures, formatSummaryTable } from './report.ts'
import { type CaseResult, type ExpandXml, runCase } from './runCase.ts'

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')

const USAGE = `usage: pnpm conformance [options]

Runs the engine over the libvirt conformance corpora (9.9 with the 9.9 profile, 11.3 with
the 11.3 profile) and scores the address contract.

  --corpus VERSION    only one corpus: 9.9 or 11.3
  --check             fail (exit 1) if a case listed in a corpus's baseline no longer passes
  --update-baseline   rewrite the baselines (passing.txt, passing-11.3.txt) with the cases that pass now
  --filter TEXT       only cases whose name contains TEXT
  --arch ARCH         only cases of this arch (x86_64, aarch64, ppc64, s390x, riscv64)
  --machine NAME      only cases of this machine family (pc, q35, virt…) or machine type
  --tag TAG           only cases with this tag (tier:core, pci-topology…)
  --verbose           print every difference of a failing case, and rejection messages
  -h, --help          this text

Corpora: $DEVADDR_CONFORMANCE_DIR (9.9), or ../shared/conformance/libvirt beside the repository;
$DEVADDR_CONFORMANCE_DIR_11_3 (11.3), or ../shared/conformance/libvirt-11.3.
Set DEVADDR_CONFORMANCE_OPTIONAL=1 to let --check pass when a corpus is missing.`

async function main(argv: string[]): Promise<number> {
  let args
  try {
    args = parseArgs({
      args: argv,
      options: {
        corpus: { type: 'string' },
        check: { type: 'boolean' },
        'update-baseline': { type: 'boolean' },
        filter: { type: 'string' },
        arch: { type: 'string' },
        machine: { type: 'string' },
        tag: { type: 'string' },
        verbose: { type: 'boolean' },
        // compares expected.xml with itself: proves the comparison accepts libvirt's own output
        'self-check': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }

  const corpora = CORPORA.filter((c) => args.corpus === undefined || c.libvirtVersion === args.corpus)
  if (corpora.length === 0) {
    console.error(`--corpus must be ${CORPORA.map((c) => c.libvirtVersion).join(' or ')}, not "${args.corpus ?? ''}"\n\n${USAGE}`)
    return 2
  }
  let exitCode = 0
  const closing: string[] = []
  for (const corpus of corpora) {
    const code = await runCorpus(corpus, args)
    if (code.exit !== 0) exitCode = code.exit
    if (code.line) closing.push(code.line)
  }
  if (closing.length > 1) console.log(`\n${closing.join('\n')}`)
  return exitCode
}

interface Args {
  check?: boolean
  'update-baseline'?: boolean
  filter?: string
  arch?: string
  machine?: string
  tag?: string
  verbose?: boolean
  'self-check'?: boolean
}

/** One corpus: run, report, baseline step. Returns the exit code and the closing line. */
async function runCorpus(corpus: Corpus, args: Args): Promise<{ exit: number; line?: string }> {
  const dir = corpusDir(process.env, corpus)
  const title = `libvirt ${corpus.libvirtVersion} corpus`
  if (!isCorpusDir(dir)) {
    const optional = process.env.DEVADDR_CONFORMANCE_OPTIONAL === '1'
    console.error(`${title} not found: ${dir} has no cases/ folder.`)
    console.error(`Set ${corpus.env} to the folder holding cases/ (shared/conformance/${corpus.folder}).`)
    if (args.check && !optional) {
      console.error('--check fails without the corpus (set DEVADDR_CONFORMANCE_OPTIONAL=1 to skip it).')
      return { exit: 1 }
    }
    console.error('Skipped.')
    return { exit: 0 }
  }

  const all = await loadCases(dir)
  const selfCheck = args['self-check'] === true
  const filtered = args.filter !== undefined || args.arch !== undefined || args.machine !== undefined || args.tag !== undefined
  const selected = all.filter(
    (c) =>
      (args.filter === undefined || c.name.includes(args.filter)) &&
      (args.arch === undefined || c.meta.arch === args.arch) &&
      (args.machine === undefined || c.meta.machine === args.machine || c.meta.machine_type === args.machine) &&
      (args.tag === undefined || (c.meta.tags ?? []).includes(args.tag)) &&
      (!selfCheck || c.meta.expect === 'ok'),
  )

  const started = performance.now()
  const expand = selfCheck ? unusedEngine : await loadEngine()
  const results: CaseResult[] = []
  for (const c of selected) results.push(await runCase(c, expand, selfCheck, corpus.libvirtVersion))
  const seconds = ((performance.now() - started) / 1000).toFixed(1)

  console.log(
    `${selfCheck ? 'Self-check (expected.xml against itself)' : 'Conformance'}, ${title} (profile ${corpus.libvirtVersion}): ${selected.length} of ${all.length} cases from ${dir} in ${seconds} s\n`,
  )
  console.log(formatSummaryTable(results))
  reportRejectionMessages(results, args.verbose === true)
  const failures = formatFailures(results, args.verbose === true)
  if (failures.length > 0) console.log(`\nFailing cases:\n${failures.join('\n')}`)

  let exit = 0
  if (!selfCheck && (args.check || args['update-baseline'])) {
    exit = await baselineStep(results, all, filtered, args['update-baseline'] === true, join(PACKAGE_DIR, corpus.baseline))
  }
  const line = `${title}: ${closingLine(results)}`
  console.log(`\n${line}\n`)
  return { exit, line }
}

/** --check and --update-baseline. */
async function baselineStep(results: CaseResult[], all: CorpusCase[], filtered: boolean, update: boolean, file: string): Promise<number> {
  const ran = new Map(results.map((r) => [r.name, r.passed]))
  const baseline = await readBaseline(file)
  const shown = relative(process.cwd(), file) || file
  if (update) {
    const next = updatedBaseline(baseline ?? [], ran)
    await writeFile(file, formatBaseline(next))
    console.log(`\nWrote ${shown}: ${next.length} passing cases (was ${baseline?.length ?? 0}).`)
    return 0
  }
  if (baseline === undefined) console.log(`\nNo baseline at ${shown}: every case counts as new.`)
  const check = checkBaseline(baseline ?? [], ran, filtered ? undefined : new Set(all.map((c) => c.name)))
  if (check.newPasses.length > 0) {
    console.log(`\n${check.newPasses.length} cases pass that are not in the baseline:`)
    for (const n of check.newPasses) console.log(`  ${n}`)
    console.log('Add them with: pnpm conformance --update-baseline')
  }
  if (check.unknown.length > 0) {
    console.log(`\n${check.unknown.length} baseline entries name no case in the corpus:`)
    for (const n of check.unknown) console.log(`  ${n}`)
    console.log('Drop them with: pnpm conformance --update-baseline')
  }
  if (check.regressions.length > 0) {
    const reasons = new Map(results.map((r) => [r.name, r.reason]))
    console.log(`\nREGRESSION: ${check.regressions.length} baseline cases no longer pass:`)
    for (const n of check.regressions) console.log(`  ${n}: ${reasons.get(n) ?? '?'}`)
  }
  const failed = check.regressions.length > 0 || check.unknown.length > 0
  console.log(`\nBaseline check ${failed ? 'FAILED' : 'passed'} (${baseline?.length ?? 0} cases in ${shown}).`)
  return failed ? 1 : 0
}

async function readBaseline(file: string): Promise<string[] | undefined> {
  try {
    return parseBaseline(await readFile(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** How many rejections carry libvirt's exact message: secondary to the verdict, but tracked. */
function reportRejectionMessages(results: CaseResult[], verbose: boolean): void {
  const rejected = results.filter((r) => r.expect === 'error' && r.passed)
  if (rejected.length === 0) return
  const same = rejected.filter((r) => r.sameMessage === true).length
  console.log(`\nRejections with libvirt's exact message: ${same} of ${rejected.length}`)
  if (!verbose) return
  for (const r of rejected) {
    if (r.sameMessage) continue
    console.log(`  ${r.name}:`)
    for (const d of r.details) console.log(`      ${d}`)
  }
}

const unusedEngine: ExpandXml = () => {
  throw new Error('the self-check does not run the engine')
}

/**
 * Imports the engine lazily, so that a package that does not even load fails every case with
 * the reason instead of crashing the runner.
 */
async function loadEngine(): Promise<ExpandXml> {
  try {
    return (await import('./engine.ts')).expandWithFormats
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    console.error(`cannot load the engine: ${message}`)
    return () => {
      throw new Error(`engine did not load: ${message}`)
    }
  }
}

process.exitCode = await main(process.argv.slice(2))
