import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { LIBVIRT_VERSIONS, type LibvirtVersion } from 'devaddr'

import { runEngine } from './engine.ts'
import { type GeneratedDomain, generateDomain } from './generator/generateDomain.ts'
import { differencePattern, judgeCase, type JudgeOptions, type Outcome, type Verdict, type VerdictKind } from './judgeCase.ts'
import { ensureRoot } from './live/chroot.ts'
import { exitCleanlyOnSignals, runCleanups } from './live/cleanup.ts'
import { ensureLibvirtInstalled } from './live/installLibvirt.ts'
import { type Daemon, startLibvirtd } from './live/libvirtd.ts'
import { engineProfileFor, LIVE_RELEASES, type LiveRelease, parseLiveRelease, RELEASE_SOURCES } from './live/releases.ts'

const USAGE = `usage: pnpm test:libvirt [options]

Defines random seeded domains in a private libvirtd (9.0: the host's packages, installed with
apt-get if missing; 11.3, 12.8: a Debian chroot, built with mmdebstrap if missing), runs the
engine on the same XML and compares their addressing.

  --libvirt R          the release: ${LIVE_RELEASES.join(', ')} (default 9.0)
  --engine-profile V   the engine's libvirtVersion (default: R's own, else the nearest: ${LIBVIRT_VERSIONS.join(', ')})
  --seed N             the run's seed (default 1)
  --count N            how many domains (default 300)
  --jobs N             domains in flight at once (default 4)
  --min-agreement P    exit 1 below this percentage (default 99.5)
  --keep DIR           save failing cases under DIR (default: a new temp dir)
  --show-xml N         print case N's generated XML (for release R) and exit (no libvirt needed)
  --verbose            every difference of a failing case
  --any-controller-order  compare controllers sorted by type and index (a diagnostic; the
                       contract, and CI, compare them in document order)
  --prepare            only install or build what release R runs from (packages or chroot),
                       start no daemon: lets a CI script build the chroots while other tests run
  --try FILE...        define these domain XML files instead of generated ones; print each
                       verdict, its differences and libvirt's <devices> (for shrinking reproducers)
  -h, --help           this text`

interface CaseResult {
  index: number
  domain: GeneratedDomain
  verdict: Verdict
  libvirt: Outcome
  engine: Outcome
  ms: number
}

async function main(argv: string[]): Promise<number> {
  let args
  let files: string[]
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        libvirt: { type: 'string', default: '9.0' },
        'engine-profile': { type: 'string' },
        seed: { type: 'string', default: '1' },
        count: { type: 'string', default: '300' },
        jobs: { type: 'string', default: '4' },
        'min-agreement': { type: 'string', default: '99.5' },
        keep: { type: 'string' },
        'show-xml': { type: 'string' },
        verbose: { type: 'boolean' },
        try: { type: 'boolean' },
        prepare: { type: 'boolean' },
        'any-controller-order': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    })
    args = parsed.values
    // note: `pnpm test:libvirt` runs in this package's folder; a relative path is the caller's,
    // from where pnpm was started (INIT_CWD)
    files = parsed.positionals.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f))
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  const release = parseLiveRelease(args.libvirt ?? '9.0')
  if (release === undefined) {
    console.error(`--libvirt takes one of ${LIVE_RELEASES.join(', ')}, got ${String(args.libvirt)}`)
    return 2
  }
  const profile = args['engine-profile'] ?? engineProfileFor(release)
  if (!(LIBVIRT_VERSIONS as readonly string[]).includes(profile)) {
    console.error(`--engine-profile takes one of ${LIBVIRT_VERSIONS.join(', ')}, got ${profile}`)
    return 2
  }
  const run: Run = {
    release,
    profile: profile as LibvirtVersion,
    seed: integer(args.seed, 'seed'),
    count: integer(args.count, 'count'),
    jobs: Math.max(1, integer(args.jobs, 'jobs')),
    judge: { anyControllerOrder: args['any-controller-order'] === true },
  }
  const minAgreement = Number(args['min-agreement'])
  if (!Number.isFinite(minAgreement)) {
    console.error(`--min-agreement takes a percentage, got ${String(args['min-agreement'])}`)
    return 2
  }
  if (files.length > 0 && args.try !== true) {
    console.error(`unexpected arguments: ${files.join(' ')} (files go with --try)\n\n${USAGE}`)
    return 2
  }
  if (args['show-xml'] !== undefined) {
    process.stdout.write(generateDomain(run.seed, integer(args['show-xml'], 'show-xml'), release).xml)
    return 0
  }

  const log = (line: string): void => console.log(`livecheck: ${line}`)
  exitCleanlyOnSignals()
  const source = RELEASE_SOURCES[release]
  const started = Date.now()
  let results: CaseResult[]
  let daemon: Daemon | undefined
  const timing: Timing = { buildMs: 0, startMs: 0, runMs: 0 }
  try {
    let root: string | undefined
    if (source.kind === 'host') ensureLibvirtInstalled(log)
    else ({ root, buildMs: timing.buildMs } = await ensureRoot(source, log))
    if (args.prepare === true) {
      log(`libvirt ${release} is ready (${(timing.buildMs / 1000).toFixed(1)} s to build)`)
      return 0
    }
    const t0 = Date.now()
    daemon = await startLibvirtd(log, root)
    timing.startMs = Date.now() - t0
    const actual = /libvirt (\d+\.\d+)/.exec(daemon.version)?.[1]
    if (actual !== release) log(`WARNING: asked for libvirt ${release}, the daemon is ${actual ?? 'of unknown version'}: ${daemon.version}`)
    run.version = daemon.version
    log(
      `started in ${(timing.startMs / 1000).toFixed(1)} s; libvirt ${release}, seed ${run.seed}, ${run.count} domains, engine profile ${run.profile}`,
    )
    const t1 = Date.now()
    if (args.try === true) return await tryFiles(daemon, run, files)
    results = await runAll(daemon, run)
    timing.runMs = Date.now() - t1
  } finally {
    await runCleanups()
  }
  return report(results, run, timing, args.keep, args.verbose === true, minAgreement, Date.now() - started)
}

/** One run's parameters. */
interface Run {
  release: LiveRelease
  profile: LibvirtVersion
  seed: number
  count: number
  jobs: number
  judge: JudgeOptions
  /** the daemon's own `virsh version` lines */
  version?: string
}

interface Timing {
  buildMs: number
  startMs: number
  runMs: number
}

async function runAll(daemon: Daemon, run: Run): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(run.count)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < run.count) {
      const index = next++
      results[index] = await runOne(daemon, run, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(run.jobs, run.count) }, worker))
  return results
}

/** `--try`: each file through libvirt and the engine; exit 1 when any disagrees. */
async function tryFiles(daemon: Daemon, run: Run, files: string[]): Promise<number> {
  let failed = 0
  for (const file of files) {
    const xml = readFileSync(file, 'utf8')
    const name = /<name>([^<]*)<\/name>/.exec(xml)?.[1] ?? 'lc-try'
    const copy = join(daemon.work, 'try.xml')
    writeFileSync(copy, xml)
    const libvirt = await defineAndDump(daemon, copy, name)
    const verdict = judgeCase(libvirt, runEngine(xml, run.profile), run.judge)
    if (!verdict.agree) failed++
    console.log(`== ${file}: ${verdict.kind}`)
    for (const d of verdict.details) console.log(`   ${d}`)
    if (libvirt.ok) console.log(/<devices>[\s\S]*<\/devices>/.exec(libvirt.xml)?.[0] ?? libvirt.xml)
  }
  console.log(`libvirt ${run.release}: ${files.length - failed} of ${files.length} files agree`)
  return failed === 0 ? 0 : 1
}

/** `virsh define` → `dumpxml --inactive` → `undefine`, one virsh call per step. */
async function defineAndDump(daemon: Daemon, file: string, name: string): Promise<Outcome> {
  const defined = await daemon.virsh(['define', file])
  if (!defined.ok) return { ok: false, message: defined.message }
  const dumped = await daemon.virsh(['dumpxml', '--inactive', name])
  const undefined_ = await daemon.virsh(['undefine', name])
  if (!dumped.ok) throw new Error(`virsh dumpxml ${name} failed: ${dumped.message}`)
  if (!undefined_.ok) throw new Error(`virsh undefine ${name} failed: ${undefined_.message}`)
  return { ok: true, xml: dumped.stdout }
}

async function runOne(daemon: Daemon, run: Run, index: number): Promise<CaseResult> {
  const t0 = Date.now()
  const domain = generateDomain(run.seed, index, run.release)
  const file = join(daemon.work, `${domain.name}.xml`)
  writeFileSync(file, domain.xml)
  const libvirt = await defineAndDump(daemon, file, domain.name)
  const engine = runEngine(domain.xml, run.profile)
  return { index, domain, verdict: judgeCase(libvirt, engine, run.judge), libvirt, engine, ms: Date.now() - t0 }
}

function report(
  results: CaseResult[],
  run: Run,
  timing: Timing,
  keep: string | undefined,
  verbose: boolean,
  minAgreement: number,
  ms: number,
): number {
  const { seed } = run
  const failed = results.filter((r) => !r.verdict.agree)
  let saveDir: string | undefined
  if (failed.length > 0) {
    saveDir = keep ?? mkdtempSync(join(tmpdir(), 'devaddr-livecheck-failures-'))
    for (const r of failed) {
      const dir = join(saveDir, `libvirt${run.release}-seed${seed}-case${r.index}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'input.xml'), r.domain.xml)
      writeFileSync(join(dir, 'libvirt.xml'), r.libvirt.ok ? r.libvirt.xml : `rejected: ${r.libvirt.message}\n`)
      writeFileSync(join(dir, 'engine.xml'), r.engine.ok ? r.engine.xml : `rejected: ${r.engine.message}\n`)
      writeFileSync(join(dir, 'differences.txt'), `${r.verdict.details.join('\n')}\n`)
    }
  }
  for (const r of failed) {
    console.log(`FAIL libvirt ${run.release} seed ${seed} case ${r.index} (${r.domain.family}): ${r.verdict.first ?? r.verdict.kind}`)
    if (verbose) for (const d of r.verdict.details.slice(1)) console.log(`    ${d}`)
  }
  const kinds = new Map<VerdictKind, number>()
  for (const r of results) kinds.set(r.verdict.kind, (kinds.get(r.verdict.kind) ?? 0) + 1)
  const patterns = new Map<string, number>()
  for (const r of failed) {
    const p = differencePattern(r.verdict.first ?? r.verdict.kind)
    patterns.set(p, (patterns.get(p) ?? 0) + 1)
  }
  if (patterns.size > 0) {
    console.log('\nfirst differences, by pattern:')
    for (const [p, n] of [...patterns].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${p}`)
  }
  const byFeature = new Map<string, { failed: number; all: number }>()
  for (const r of results) {
    for (const f of r.domain.features) {
      const c = byFeature.get(f) ?? { failed: 0, all: 0 }
      c.all++
      if (!r.verdict.agree) c.failed++
      byFeature.set(f, c)
    }
  }
  const failing = [...byFeature].filter(([, c]) => c.failed > 0).sort((x, y) => y[1].failed / y[1].all - x[1].failed / x[1].all)
  if (failing.length > 0) {
    console.log('\nfeatures of failing cases (failed/with the feature), most often failing first:')
    console.log(
      `  ${failing
        .slice(0, 20)
        .map(([f, c]) => `${f} ${c.failed}/${c.all}`)
        .join(', ')}`,
    )
  }
  const rejections = new Map<string, number>()
  for (const r of results) {
    if (r.verdict.kind !== 'both-rejected' || r.libvirt.ok) continue
    if (verbose)
      console.log(
        `both rejected: libvirt ${run.release} seed ${seed} case ${r.index} (${r.domain.family}): ${r.verdict.details.join('; ')}`,
      )
    const p = differencePattern(r.libvirt.message)
    rejections.set(p, (rejections.get(p) ?? 0) + 1)
  }
  if (rejections.size > 0) {
    console.log('\nrejected by both (agreement), by libvirt message:')
    for (const [p, n] of [...rejections].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${p}`)
  }
  const byFamily = new Map<string, { pass: number; all: number }>()
  for (const r of results) {
    const f = byFamily.get(r.domain.family) ?? { pass: 0, all: 0 }
    f.all++
    if (r.verdict.agree) f.pass++
    byFamily.set(r.domain.family, f)
  }
  const agreement = results.length === 0 ? 100 : (100 * (results.length - failed.length)) / results.length
  const avg = results.length === 0 ? 0 : results.reduce((s, r) => s + r.ms, 0) / results.length
  console.log('')
  console.log(`machines: ${[...byFamily].map(([f, c]) => `${f} ${c.pass}/${c.all}`).join(', ')}`)
  console.log(`verdicts: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`)
  const s = (n: number): string => `${(n / 1000).toFixed(1)} s`
  console.log(`libvirt ${run.release} (${run.version ?? '?'}), engine profile ${run.profile}`)
  console.log(
    `time: root build ${timing.buildMs === 0 ? 'cached' : s(timing.buildMs)}, daemon start ${s(timing.startMs)}, domains ${s(timing.runMs)} (${avg.toFixed(0)} ms each, ${run.jobs} in flight), ${s(ms)} in all`,
  )
  const order = run.judge.anyControllerOrder === true ? ', controllers in any order' : ''
  console.log(
    `agreement ${agreement.toFixed(1)}% (minimum ${minAgreement}%) on libvirt ${run.release} with engine profile ${run.profile}${order}`,
  )
  if (saveDir !== undefined) console.log(`failing cases saved under ${saveDir}`)
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`)
  return agreement >= minAgreement ? 0 : 1
}

function integer(value: string | undefined, name: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a non-negative integer, got ${String(value)}`)
  return n
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    console.error(`livecheck: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    process.exitCode = 1
  },
)
