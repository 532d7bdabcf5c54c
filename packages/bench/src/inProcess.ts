/**
 * The in-process part of `pnpm bench`: the XML front end and the engine on generated q35
 * domains of 10 to 5,000 devices, where the time goes, and how it compares with the floor
 * (parsing and writing the same document with no expansion).
 */
import { formatTable } from '@devaddr/conformance'

import { benchBridgedDomainXml, benchDeviceKinds, benchDomainXml } from './benchDomain.ts'
import { type BenchSteps, loadBenchSteps } from './benchSteps.ts'
import { median, warmUp, WARMUP_MS } from './measure.ts'

const SIZES = [10, 100, 200, 1000, 5000]
/** note: repeat each size for this long (at least MIN_RUNS, at most MAX_RUNS) to stay under 2 minutes in all */
const BUDGET_MS_PER_SIZE = 5000
const MIN_RUNS = 5
// note: 200 runs (a tenth of a second at 100 devices) left the medians to a busy spell of the
// host: the ratios to the floor moved by a third between runs
const MAX_RUNS = 2000
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

function time<T>(f: () => T): [T, number] {
  const start = performance.now()
  const value = f()
  return [value, performance.now() - start]
}

/** One run: the whole pipeline end to end, then the three steps one by one. */
function runOnce(steps: BenchSteps, xml: string): Outcome {
  const [whole, total] = time(() => steps.expandXml(xml))
  if (!whole.ok) return { ok: false, stage: 'expand', message: whole.message, ms: total }
  const [parsed, parse] = time(() => steps.parse(xml))
  if (!parsed.ok) return { ok: false, stage: 'parse', message: parsed.message, ms: parse }
  const [expanded, engine] = time(() => steps.engine(parsed.value))
  if (!expanded.ok) return { ok: false, stage: 'engine', message: expanded.message, ms: engine }
  const [, serialize] = time(() => steps.serialize(parsed.value, expanded.value))
  const [, floor] = time(() => steps.floor(xml))
  const output = steps.readOutput(whole.value)
  if (output === undefined) return { ok: false, stage: 'read back', message: 'the expanded text does not parse', ms: total }
  const [, outputFloor] = time(() => steps.outputFloor(xml, output))
  return { ok: true, timing: { total, parse, engine, serialize, floor, outputFloor } }
}

function runSize(steps: BenchSteps, count: number, domain: (count: number) => string = benchDomainXml): { runs: number; outcome: Outcome } {
  const xml = domain(count)
  warmUp(() => runOnce(steps, xml), WARMUP_RUNS, WARMUP_MS) // JIT and caches
  const timings: Timing[] = []
  const rejections: number[] = []
  let rejection: Outcome | undefined
  const started = performance.now()
  const more = (): boolean => {
    const runs = timings.length + rejections.length
    return runs < MAX_RUNS && (runs < MIN_RUNS || performance.now() - started < BUDGET_MS_PER_SIZE)
  }
  while (more()) {
    const outcome = runOnce(steps, xml)
    if (outcome.ok) timings.push(outcome.timing)
    else {
      rejection = outcome
      rejections.push(outcome.ms)
    }
  }
  if (rejection !== undefined && !rejection.ok) {
    return { runs: rejections.length, outcome: { ...rejection, ms: median(rejections) } }
  }
  return {
    runs: timings.length,
    outcome: {
      ok: true,
      timing: {
        total: median(timings.map((t) => t.total)),
        parse: median(timings.map((t) => t.parse)),
        engine: median(timings.map((t) => t.engine)),
        serialize: median(timings.map((t) => t.serialize)),
        floor: median(timings.map((t) => t.floor)),
        outputFloor: median(timings.map((t) => t.outputFloor)),
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
    `median of ${MIN_RUNS}-${MAX_RUNS} runs per size after ${WARMUP_RUNS} warm-up runs and ${WARMUP_MS} ms at least (a warm process); node ${process.version}\n`,
  )
  const rows: string[][] = []
  const notes: string[] = []
  let lastAccepted: number | undefined
  let firstRejected: number | undefined
  const bench = (count: number, label = String(count)): void => {
    const { runs, outcome } = runSize(steps, count)
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
  console.log('out floor = parse of the input + write of the expanded document (its tree read beforehand): the XML')
  console.log('work any lossless tool writing this output does, as the output holds every added controller;')
  console.log('engine = expandDomain alone; XML share = parse and write of the expansion, of the three steps timed apart.')
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
    const { runs, outcome } = runSize(steps, count, benchBridgedDomainXml)
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
