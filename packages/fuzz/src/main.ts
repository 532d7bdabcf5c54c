import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

import { corpusDirs, loadSeedInputs } from './corpusInputs.ts'
import { mutantAt } from './mutantAt.ts'
import { runFuzz } from './runFuzz.ts'

const USAGE = `usage: pnpm fuzz [--seed N] [--count N] [--timeout-ms MS] [--workers N] [--out DIR]

Mutates the inputs of libvirt's test corpora (../shared/conformance/libvirt and libvirt-11.3, or
$DEVADDR_FUZZ_CORPORA) and checks every mutant: no exception escapes, no hang over --timeout-ms,
the same input gives the same answer, a rejection is readable, an accepted output re-parses and
re-expands to the same addresses, no two devices share an address, nothing is lost.

  --seed N         run seed (default 1); mutant i of a seed is always the same text
  --count N        mutants (default 10000)
  --timeout-ms MS  time limit per mutant (default 2000)
  --workers N      worker threads (default: the machine's cores)
  --out DIR        write each failing mutant to DIR/<index>.xml with its findings in DIR/<index>.txt

Exit codes: 0 no failure, 1 failures found (listed), 2 usage error.`

async function main(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string', default: '1' },
        count: { type: 'string', default: '10000' },
        'timeout-ms': { type: 'string', default: '2000' },
        workers: { type: 'string', default: String(availableParallelism()) },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const num = (name: string, text: string, min: number) => {
    const n = Number(text)
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not '${text}'`)
    return n
  }
  let seed, count, timeoutMs, workers
  try {
    seed = num('seed', values.seed, 0)
    count = num('count', values.count, 1)
    timeoutMs = num('timeout-ms', values['timeout-ms'], 1)
    workers = num('workers', values.workers, 1)
  } catch (e) {
    console.error((e as Error).message)
    return 2
  }
  const dirs = corpusDirs()
  const inputs = loadSeedInputs(dirs)
  if (inputs.length === 0) {
    console.error(`no corpus inputs in ${dirs.join(', ')} (set DEVADDR_FUZZ_CORPORA)`)
    return 2
  }
  console.log(`fuzz: seed ${seed}, ${count} mutants of ${inputs.length} corpus inputs, ${workers} worker(s), ${timeoutMs} ms each at most`)
  const s = await runFuzz({ seed, count, timeoutMs, workers, dirs })
  console.log(
    `${s.mutants} mutants in ${s.seconds.toFixed(1)} s (${Math.round(s.mutants / s.seconds)}/s): ${s.accepted} accepted, ${s.rejected} rejected`,
  )
  console.log(`slowest: ${s.slowest.map((t) => `#${t.index} ${t.ms.toFixed(0)} ms`).join(', ')}`)
  const byInvariant = new Map<string, number>()
  for (const f of s.failures) byInvariant.set(f.invariant, (byInvariant.get(f.invariant) ?? 0) + 1)
  if (s.failures.length === 0) {
    console.log('0 failures')
    return 0
  }
  console.log(`${s.failures.length} failures: ${[...byInvariant].map(([k, n]) => `${k} ${n}`).join(', ')}`)
  for (const f of s.failures.slice(0, 50)) {
    const m = mutantAt(inputs, seed, f.index)
    console.log(`  #${f.index} (${m.from}; ${m.ops.join(', ')}) ${f.invariant}: ${f.detail}`)
  }
  if (values.out !== undefined) {
    mkdirSync(values.out, { recursive: true })
    for (const f of s.failures) {
      const m = mutantAt(inputs, seed, f.index)
      writeFileSync(join(values.out, `${f.index}.xml`), m.text)
      writeFileSync(join(values.out, `${f.index}.txt`), `${m.from}; ${m.ops.join(', ')}\n${f.invariant}: ${f.detail}\n`)
    }
    console.log(`failing mutants written to ${values.out}`)
  }
  return 1
}

process.exitCode = await main(process.argv.slice(2))
