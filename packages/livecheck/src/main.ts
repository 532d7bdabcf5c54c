import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateDomain, type GeneratedDomain } from './generator/generateDomain.ts'
import { ENGINE_PROFILE, runEngine } from './engine.ts'
import { differencePattern, judgeCase, type Outcome, type Verdict, type VerdictKind } from './judgeCase.ts'
import { ensureLibvirtInstalled } from './live/installLibvirt.ts'
import { startLibvirtd, type Daemon } from './live/libvirtd.ts'
import { virsh } from './live/virsh.ts'

const USAGE = `usage: pnpm test:libvirt [options]

Defines random seeded domains in a private libvirtd (installed with apt-get if missing),
runs the engine on the same XML and compares their addressing.

  --seed N             the run's seed (default 1)
  --count N            how many domains (default 300)
  --jobs N             domains in flight at once (default 4)
  --min-agreement P    exit 1 below this percentage (default 99)
  --keep DIR           save failing cases under DIR (default: a new temp dir)
  --show-xml N         print case N's generated XML and exit (no libvirt needed)
  --verbose            every difference of a failing case
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
  try {
    args = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string', default: '1' },
        count: { type: 'string', default: '300' },
        jobs: { type: 'string', default: '4' },
        'min-agreement': { type: 'string', default: '99' },
        keep: { type: 'string' },
        'show-xml': { type: 'string' },
        verbose: { type: 'boolean' },
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
  const seed = integer(args.seed, 'seed')
  const count = integer(args.count, 'count')
  const jobs = Math.max(1, integer(args.jobs, 'jobs'))
  const minAgreement = Number(args['min-agreement'])
  if (args['show-xml'] !== undefined) {
    process.stdout.write(generateDomain(seed, integer(args['show-xml'], 'show-xml')).xml)
    return 0
  }

  const log = (line: string): void => console.log(`livecheck: ${line}`)
  ensureLibvirtInstalled(log)
  const started = Date.now()
  const daemon = await startLibvirtd(log)
  const work = mkdtempSync(join(tmpdir(), 'devaddr-livecheck-'))
  const onSignal = (signal: NodeJS.Signals): void => {
    void daemon.stop().finally(() => {
      rmSync(daemon.dir, { recursive: true, force: true })
      rmSync(work, { recursive: true, force: true })
      process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let results: CaseResult[]
  try {
    log(`started in ${((Date.now() - started) / 1000).toFixed(1)} s; seed ${seed}, ${count} domains, engine profile ${ENGINE_PROFILE}`)
    results = await runAll(daemon, work, seed, count, jobs)
  } finally {
    await daemon.stop()
    rmSync(daemon.dir, { recursive: true, force: true })
    rmSync(work, { recursive: true, force: true })
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  return report(results, seed, args.keep, args.verbose === true, minAgreement, Date.now() - started)
}

async function runAll(daemon: Daemon, work: string, seed: number, count: number, jobs: number): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(count)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++
      results[index] = await runOne(daemon, work, seed, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, worker))
  return results
}

async function runOne(daemon: Daemon, work: string, seed: number, index: number): Promise<CaseResult> {
  const t0 = Date.now()
  const domain = generateDomain(seed, index)
  const file = join(work, `${domain.name}.xml`)
  writeFileSync(file, domain.xml)
  let libvirt: Outcome
  const defined = await virsh(daemon.uri, ['define', file])
  if (!defined.ok) {
    libvirt = { ok: false, message: defined.message }
  } else {
    const dumped = await virsh(daemon.uri, ['dumpxml', '--inactive', domain.name])
    const undefined_ = await virsh(daemon.uri, ['undefine', domain.name])
    if (!dumped.ok) throw new Error(`virsh dumpxml ${domain.name} failed: ${dumped.message}`)
    if (!undefined_.ok) throw new Error(`virsh undefine ${domain.name} failed: ${undefined_.message}`)
    libvirt = { ok: true, xml: dumped.stdout }
  }
  const engine = runEngine(domain.xml)
  return { index, domain, verdict: judgeCase(libvirt, engine), libvirt, engine, ms: Date.now() - t0 }
}

function report(results: CaseResult[], seed: number, keep: string | undefined, verbose: boolean, minAgreement: number, ms: number): number {
  const failed = results.filter((r) => !r.verdict.agree)
  let saveDir: string | undefined
  if (failed.length > 0) {
    saveDir = keep ?? mkdtempSync(join(tmpdir(), 'devaddr-livecheck-failures-'))
    for (const r of failed) {
      const dir = join(saveDir, `seed${seed}-case${r.index}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'input.xml'), r.domain.xml)
      writeFileSync(join(dir, 'libvirt.xml'), r.libvirt.ok ? r.libvirt.xml : `rejected: ${r.libvirt.message}\n`)
      writeFileSync(join(dir, 'engine.xml'), r.engine.ok ? r.engine.xml : `rejected: ${r.engine.message}\n`)
      writeFileSync(join(dir, 'differences.txt'), `${r.verdict.details.join('\n')}\n`)
    }
  }
  for (const r of failed) {
    console.log(`FAIL seed ${seed} case ${r.index} (${r.domain.family}): ${r.verdict.first ?? r.verdict.kind}`)
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
  const rejections = new Map<string, number>()
  for (const r of results) {
    if (r.verdict.kind !== 'both-rejected' || r.libvirt.ok) continue
    if (verbose) console.log(`both rejected: seed ${seed} case ${r.index} (${r.domain.family}): ${r.verdict.details.join('; ')}`)
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
  console.log(`agreement ${agreement.toFixed(1)}% (minimum ${minAgreement}%), engine profile ${ENGINE_PROFILE}, ${avg.toFixed(0)} ms per domain, ${(ms / 1000).toFixed(1)} s in all`)
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
