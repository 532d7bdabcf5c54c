import { Worker } from 'node:worker_threads'

import type { MutantResult, WorkerJob } from './fuzzWorker.ts'

/** How a fuzz run is set up. */
export interface FuzzOptions {
  seed: number
  count: number
  /**
   * an expansion that takes longer than this is a failure (`bounded-time`); a mutant whose
   * whole check (about eight expansions and parses) takes ten times as long is a hang: its
   * worker is stopped and a new one goes on
   */
  timeoutMs: number
  /** parallel workers, each with a share of the mutants */
  workers: number
  /** corpus folders; default: both libvirt corpora in ../shared */
  dirs?: string[]
  /** heap limit per worker, MiB: a mutant that needs more is reported, not fatal */
  heapMiB?: number
}

/** A mutant that broke a promise (or hung, or killed its worker). */
export interface FuzzFailure {
  index: number
  invariant: string
  detail: string
}

export interface FuzzSummary {
  mutants: number
  accepted: number
  rejected: number
  failures: FuzzFailure[]
  /** the slowest mutants that finished, slowest first */
  slowest: { index: number; ms: number }[]
  seconds: number
}

// note: Node 20 cannot load a .ts worker itself; the bootstrap registers tsx's loader first
const BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./fuzzWorker.ts', import.meta.url).href)}) })`

/**
 * Runs mutants 0…count-1 of `seed` across workers, each mutant under a time limit, and
 * collects every broken invariant. Never throws for what a mutant does.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const t0 = performance.now()
  const failures: FuzzFailure[] = []
  const times: { index: number; ms: number }[] = []
  let accepted = 0
  let finished = 0
  const share = Math.ceil(options.count / options.workers)
  const ranges: [number, number][] = []
  for (let from = 0; from < options.count; from += share) ranges.push([from, Math.min(options.count, from + share)])

  const runRange = async (from: number, to: number): Promise<void> => {
    let next = from
    while (next < to) {
      next = await new Promise<number>((resolve) => {
        const job: WorkerJob = { seed: options.seed, from: next, to }
        if (options.dirs) job.dirs = options.dirs
        const worker = new Worker(BOOTSTRAP, {
          eval: true,
          workerData: job,
          resourceLimits: { maxOldGenerationSizeMb: options.heapMiB ?? 1024 },
        })
        let current = next
        let done = false
        // note: the first mutant also waits for the worker to load the corpora: allow for it
        const hangMs = options.timeoutMs * 10
        let timer = setTimeout(() => onHang(), hangMs + 20_000)
        const finish = (resume: number) => {
          if (done) return
          done = true
          clearTimeout(timer)
          void worker.terminate()
          resolve(resume)
        }
        const onHang = () => {
          failures.push({ index: current, invariant: 'bounded-time', detail: `no answer within ${hangMs} ms: stopped` })
          finished++
          finish(current + 1)
        }
        worker.on('message', (r: MutantResult) => {
          clearTimeout(timer)
          finished++
          if (r.accepted) accepted++
          times.push({ index: r.index, ms: r.ms })
          if (r.ms > options.timeoutMs)
            failures.push({ index: r.index, invariant: 'bounded-time', detail: `one expansion took ${Math.round(r.ms)} ms` })
          for (const f of r.findings) failures.push({ index: r.index, ...f })
          current = r.index + 1
          if (current >= to) finish(to)
          else timer = setTimeout(() => onHang(), hangMs)
        })
        worker.on('error', (e) => {
          failures.push({ index: current, invariant: 'no-crash', detail: `the worker died: ${e.message}` })
          finished++
          finish(current + 1)
        })
        worker.on('exit', () => finish(current))
      })
    }
  }
  await Promise.all(ranges.map(([from, to]) => runRange(from, to)))
  times.sort((a, b) => b.ms - a.ms)
  failures.sort((a, b) => a.index - b.index)
  return {
    mutants: finished,
    accepted,
    rejected: finished - accepted - failures.filter((f) => f.invariant === 'bounded-time' || f.invariant === 'no-crash').length,
    failures,
    slowest: times.slice(0, 5),
    seconds: (performance.now() - t0) / 1000,
  }
}
