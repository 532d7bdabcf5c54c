import { parentPort, workerData } from 'node:worker_threads'

import { checkInvariants } from './checkInvariants.ts'
import { corpusDirs, loadSeedInputs } from './corpusInputs.ts'
import { mutantAt } from './mutantAt.ts'

/** What the runner asks of a worker: mutants `from` (inclusive) to `to` (exclusive) of run `seed`. */
export interface WorkerJob {
  seed: number
  from: number
  to: number
  dirs?: string[]
}

/** One mutant's result, posted as soon as it is known. */
export interface MutantResult {
  index: number
  accepted: boolean
  /** ms of one expansion (the time limit applies to it) */
  ms: number
  findings: { invariant: string; detail: string }[]
}

const job = workerData as WorkerJob
const inputs = loadSeedInputs(job.dirs ?? corpusDirs())
for (let i = job.from; i < job.to; i++) {
  const mutant = mutantAt(inputs, job.seed, i)
  const verdict = checkInvariants(mutant.text)
  const result: MutantResult = { index: i, accepted: verdict.accepted, ms: verdict.expandMs, findings: verdict.findings }
  parentPort?.postMessage(result)
}
