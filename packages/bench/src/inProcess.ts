/**
 * The in-process part of `pnpm bench`: the XML front end and the engine on generated q35
 * domains of 10 to 5,000 devices, where the time goes, and how it compares with the floor
 * (parsing and writing the same document with no expansion).
 */
import { spawnSync } from 'node:child_process'

import { formatTable } from '@devaddr/conformance'

import { benchBridgedDomainXml, benchDeviceKinds, benchDomainXml } from './benchDomain.ts'
import { type BenchSteps, loadBenchSteps } from './benchSteps.ts'
import { median, warmUp, WARMUP_MS } from './measure.ts'

const SIZES = [10, 100, 200, 1000, 5000]
/** note: repeat each size for this long (at least MIN_ROUNDS rounds) to stay under 2 minutes in all */
const BUDGET_MS_PER_SIZE = 5000
const MIN_ROUNDS = 5
/**
 * How long one step runs back to back before the next step's turn (one block). Each step is
 * timed as the mean run of its block: a block holds several of V8's young-generation
 * collections, so each step pays the garbage collection its own allocation causes.
 * note: steps timed one run each, in a fixed order, left the collections to whichever step ran
 * when the young generation filled up; a round allocating half of it made the same step pay
 * every second round, and its median doubled (200 devices: the floor read 0.75 ms, the whole
 * expansion 0.71)
 */
const BLOCK_MS = 50
const WARMUP_RUNS = 5

interface Timing {
  total: number
  parse: number
  engine: number
  serialize: number
  /** parse + serialize of the unchanged document: what any lossless XML tool pays */
  floor: number
  /** parse of the input + serialize of the output document: the least this output costs */
  outputFloor: number
}

type Outcome = { ok: true; timing: Timing } | { ok: false; stage: string; message: string; ms: number }

/** The inputs of the steps timed on their own: read once, untimed (no step changes them). */
function prepare(
  steps: BenchSteps,
  xml: string,
): { ok: true; timed: Record<keyof Timing, () => unknown> } | Extract<Outcome, { ok: false }> {
  const whole = steps.expandXml(xml)
  if (!whole.ok) return { ok: false, stage: 'expand', message: whole.message, ms: Number.NaN }
  const parsed = steps.parse(xml)
  if (!parsed.ok) return { ok: false, stage: 'parse', message: parsed.message, ms: Number.NaN }
  const expanded = steps.engine(parsed.value)
  if (!expanded.ok) return { ok: false, stage: 'engine', message: expanded.message, ms: Number.NaN }
  const output = steps.readOutput(whole.value)
  if (output === undefined) return { ok: false, stage: 'read back', message: 'the expanded text does not parse', ms: Number.NaN }
  return {
    ok: true,
    timed: {
      total: () => steps.expandXml(xml),
      parse: () => steps.parse(xml),
      engine: () => steps.engine(parsed.value),
      serialize: () => steps.serialize(parsed.value, expanded.value),
      floor: () => steps.floor(xml),
      outputFloor: () => steps.outputFloor(xml, output),
    },
  }
}

/** The mean ms of one run of `f` over a block of `runs` runs back to back. */
function blockMs(f: () => unknown, runs: number): number {
  const start = performance.now()
  for (let i = 0; i < runs; i++) f()
  return (performance.now() - start) / runs
}

/** How many runs of `f` (warm) fill a block: from the runs that fill a tenth of one. */
function runsPerBlock(f: () => unknown): number {
  let runs = 0
  const start = performance.now()
  while (runs < WARMUP_RUNS || performance.now() - start < BLOCK_MS / 10) {
    f()
    runs++
  }
  return Math.max(1, Math.round((BLOCK_MS * runs) / (performance.now() - start)))
}

/** Warms every step up together (JIT and caches), a run of each in turn, for WARMUP_MS at least. */
function warmUpAll(fs: ReadonlyArray<() => unknown>): void {
  warmUp(
    () => {
      for (const f of fs) f()
    },
    WARMUP_RUNS,
    WARMUP_MS,
  )
}

/** The domains a size is timed on, by name (a child process is told the name). */
const DOMAINS = { mixed: benchDomainXml, bridged: benchBridgedDomainXml }
export type BenchDomainName = keyof typeof DOMAINS
export const isBenchDomainName = (name: string): name is BenchDomainName => Object.hasOwn(DOMAINS, name)

/** What a child process prints for one size: one line of JSON. */
type SizeResult = { runs: number; outcome: Outcome }

/** Times one size in this process and prints it as one line of JSON (the child's side of runSize). */
export function printSize(count: number, domain: BenchDomainName): void {
  console.log(JSON.stringify(measureSize(loadBenchSteps(), count, DOMAINS[domain])))
}

/**
 * Times one size in a fresh process.
 * note: one process for all sizes let what V8 learnt on one size decide how fast another ran:
 * the floor of the 100-device domain came out 0.25 ms in some runs of the bench and 0.32 ms in
 * others, so its ratio read 1.6 or 1.2; a fresh process per size gives the same figures run after run
 */
function runSize(count: number, domain: BenchDomainName = 'mixed'): SizeResult {
  // note: with this process's flags, so that a run under a loader (tsx) starts its children under it too
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--size', String(count), '--domain', domain], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  })
  if (child.status !== 0) throw new Error(`the bench of ${count} ${domain} devices exited ${child.status}`)
  const result = JSON.parse(child.stdout) as SizeResult
  // note: JSON has no NaN: a rejection's time comes back as null
  if (!result.outcome.ok) result.outcome.ms ??= Number.NaN
  return result
}

/**
 * Rounds of blocks, one block per step in each round, the order of the steps turned by one
 * each round; per step, the median of its block means.
 */
function measureSize(steps: BenchSteps, count: number, domain: (count: number) => string): SizeResult {
  const xml = domain(count)
  const prepared = prepare(steps, xml)
  if (!prepared.ok) {
    // note: a rejection is timed as one step of its own, the whole expansion
    const refuse = () => steps.expandXml(xml)
    warmUpAll([refuse])
    const runs = runsPerBlock(refuse)
    const blocks: number[] = []
    const started = performance.now()
    while (blocks.length < MIN_ROUNDS || performance.now() - started < BUDGET_MS_PER_SIZE / 2) blocks.push(blockMs(refuse, runs))
    return { runs: runs * blocks.length, outcome: { ...prepared, ms: median(blocks) } }
  }
  const names = Object.keys(prepared.timed) as Array<keyof Timing>
  warmUpAll(names.map((n) => prepared.timed[n]))
  const runs = new Map(names.map((n) => [n, runsPerBlock(prepared.timed[n])]))
  const blocks = new Map<keyof Timing, number[]>(names.map((n) => [n, []]))
  const started = performance.now()
  for (let round = 0; round < MIN_ROUNDS || performance.now() - started < BUDGET_MS_PER_SIZE; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!
      blocks.get(name)!.push(blockMs(prepared.timed[name], runs.get(name)!))
    }
  }
  const of = (n: keyof Timing) => median(blocks.get(n)!)
  return {
    runs: runs.get('total')! * blocks.get('total')!.length,
    outcome: {
      ok: true,
      timing: {
        total: of('total'),
        parse: of('parse'),
        engine: of('engine'),
        serialize: of('serialize'),
        floor: of('floor'),
        outputFloor: of('outputFloor'),
      },
    },
  }
}

/** The largest device count of the mix that the engine accepts, by bisection between two sizes. */
function largestAccepted(steps: BenchSteps, accepted: number, rejected: number): number {
  let lo = accepted
  let hi = rejected
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (steps.expandXml(benchDomainXml(mid)).ok) lo = mid
    else hi = mid
  }
  return lo
}

const firstLine = (text: string): string => text.split('\n')[0] ?? ''

const ms = (n: number): string => n.toFixed(n < 10 ? 2 : 1)

function mixLine(): string {
  const counts = new Map<string, number>()
  for (const k of benchDeviceKinds(20)) counts.set(k, (counts.get(k) ?? 0) + 1)
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ')
}

/** Prints the in-process tables. */
export function benchInProcess(): void {
  const steps = loadBenchSteps()
  console.log(`devaddr bench: q35 domains, per 20 devices: ${mixLine()}`)
  console.log(
    `per step, the median of ${MIN_ROUNDS} or more blocks of ${BLOCK_MS} ms (a block: the step run back to back, timed as its mean run,\n` +
      `garbage collection included), the steps' blocks in turns, after ${WARMUP_MS} ms of warm-up (a warm process), each size in a\n` +
      `fresh process; node ${process.version}\n`,
  )
  const rows: string[][] = []
  const notes: string[] = []
  let lastAccepted: number | undefined
  let firstRejected: number | undefined
  const bench = (count: number, label = String(count)): void => {
    const { runs, outcome } = runSize(count)
    if (outcome.ok) {
      const t = outcome.timing
      const sum = t.parse + t.engine + t.serialize
      const share = sum === 0 ? 0 : (100 * (t.parse + t.serialize)) / sum
      rows.push([
        label,
        String(runs),
        ms(t.total),
        ms(t.floor),
        (t.total / t.floor).toFixed(2),
        ms(t.outputFloor),
        (t.total / t.outputFloor).toFixed(2),
        ms(t.engine),
        `${share.toFixed(1)}%`,
      ])
      if (lastAccepted === undefined || count > lastAccepted) lastAccepted = count
    } else {
      rows.push([label, String(runs), `rejected in ${ms(outcome.ms)}`, '', '', '', '', '', ''])
      notes.push(`${count} devices: rejected by ${outcome.stage}: ${firstLine(outcome.message)}`)
      if (firstRejected === undefined || count < firstRejected) firstRejected = count
    }
  }
  for (const count of SIZES) bench(count)
  // note: when a size is rejected, also time the largest domain of the mix that one q35 machine holds
  if (lastAccepted !== undefined && firstRejected !== undefined && firstRejected > lastAccepted) {
    const largest = largestAccepted(steps, lastAccepted, firstRejected)
    bench(largest, `${largest} (max)`)
  }
  console.log(
    formatTable(
      ['devices', 'runs', 'total ms', 'floor ms', 'total/floor', 'out floor ms', 'total/out floor', 'engine ms', 'XML share'],
      rows,
    ),
  )
  console.log('\ntotal = expandDomainXml end to end; floor = parse + write of the same document unexpanded;')
  console.log('out floor = parse of the input + write of the expanded document (its tree read beforehand, written node')
  console.log('by node): what a lossless tool that reads and writes this output as a tree pays, as the output holds')
  console.log("every added controller (expandDomainXml's writer copies what each input device keeps from the input text);")
  console.log('engine = expandDomain alone; XML share = parse and public writeExpansion (node by node) of the expansion,')
  console.log('of the three steps timed apart.')
  console.log('Every written text is timed until it is one flat string, as a consumer writing it to a file needs it.')
  if (notes.length > 0) {
    console.log('\nLike libvirt, the engine rejects domains that need more PCI buses than a q35 machine can have')
    console.log('(one device per pcie-root-port, bus numbers up to 255, no switches added automatically):')
    for (const n of notes) console.log(`  ${n}`)
    console.log('  "(max)" is the largest domain of this mix that is accepted, found by bisection.')
  }

  // note: large guests exist only with a declared topology; time the engine filling one
  console.log(`\nq35 domains whose PCI topology is declared (root port, pcie-to-pci-bridge, a tree of pci-bridges),`)
  console.log('with N e1000 NICs and no addresses: the engine places every NIC.\n')
  const bridged: string[][] = []
  for (const count of [1000, 5000]) {
    const { runs, outcome } = runSize(count, 'bridged')
    if (!outcome.ok) {
      bridged.push([String(count), String(runs), `rejected: ${firstLine(outcome.message)}`, '', '', '', ''])
      continue
    }
    const t = outcome.timing
    const share = (100 * (t.parse + t.serialize)) / (t.parse + t.engine + t.serialize || 1)
    bridged.push([String(count), String(runs), ms(t.total), ms(t.parse), ms(t.engine), ms(t.serialize), `${share.toFixed(1)}%`])
  }
  console.log(formatTable(['NICs', 'runs', 'total ms', 'parse ms', 'engine ms', 'serialize ms', 'parse+serialize'], bridged))
}
