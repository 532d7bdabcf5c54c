#!/usr/bin/env node
// `npm test` after setup: runs each stage in order, stops at the first failure, and prints
// how long each stage took. Plain Node, like setup.mjs.
//
//   node scripts/runTests.mjs              every stage
//   node scripts/runTests.mjs unit e2e     only those stages, in the order given here
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The stages of `npm test`: name → the root script that runs it. */
const STAGES = [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['unit', 'test:unit'],
  ['conformance', 'test:conformance'],
  ['e2e', 'test:e2e'],
]

const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !STAGES.some(([name]) => name === w))
if (unknown.length > 0) {
  console.error(`unknown stage(s): ${unknown.join(', ')}; stages: ${STAGES.map(([n]) => n).join(', ')}`)
  process.exit(2)
}
const stages = wanted.length === 0 ? STAGES : STAGES.filter(([name]) => wanted.includes(name))

const results = []
let failed
for (const [name, script] of stages) {
  console.log(`\n=== ${name}: pnpm run ${script}`)
  const t0 = process.hrtime.bigint()
  const r = spawnSync('pnpm', ['run', script], { stdio: 'inherit', cwd: root })
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const ok = r.status === 0
  results.push({ name, seconds, ok })
  if (!ok) {
    failed = name
    break
  }
}

const total = results.reduce((s, r) => s + r.seconds, 0)
console.log('\nstage        seconds  result')
for (const r of results) console.log(`${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(7)}  ${r.ok ? 'passed' : 'FAILED'}`)
for (const [name] of stages.slice(results.length)) console.log(`${name.padEnd(12)} ${'-'.padStart(7)}  not run`)
console.log(`${'total'.padEnd(12)} ${total.toFixed(1).padStart(7)}  ${failed ? `failed at ${failed}` : 'passed'}`)
process.exit(failed ? 1 : 0)
