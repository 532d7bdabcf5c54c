/**
 * `pnpm bench [--no-live] [--quick]`: devaddr's speed, printed, never asserted.
 * 1. in process: q35 domains of 10 to 5,000 devices, end to end and against the XML floor;
 * 2. growth: how the cost grows to 20,000 devices (1.0 is linear), acceptances and rejections;
 * 3. a live libvirt (the host's 9.0, in a private libvirtd) defining the same domains, when one
 *    can be started (root, Debian's packages);
 * 4. the CLI as a whole process against `node -e ''`.
 */
import { parseArgs } from 'node:util'

import { formatTable } from '@devaddr/conformance'
import { expandDomainXml } from '@devaddr/formats'

import { benchBridgedDomainXml, benchDomainXml, benchPackedDomainXml } from './benchDomain.ts'
import { usable } from './benchSteps.ts'
import { timeCliProcess } from './cliProcess.ts'
import { benchInProcess, isBenchDomainName, printSize } from './inProcess.ts'
import { timeLiveDefine } from './liveDefine.ts'
import { fmt, growthExponent, median, medianMs } from './measure.ts'

/** expandDomainXml as a consumer uses it: the text read (see usable) */
function expandUsable(xml: string): boolean {
  const r = expandDomainXml(xml, { newDomain: true })
  if (r.ok) usable(r.value)
  return r.ok
}

const { values } = parseArgs({
  options: {
    'no-live': { type: 'boolean' },
    quick: { type: 'boolean' },
    // note: the bench's own child processes, one per size of the in-process table
    size: { type: 'string' },
    domain: { type: 'string', default: 'mixed' },
  },
})
const quick = values.quick === true

if (values.size !== undefined) {
  if (!isBenchDomainName(values.domain)) throw new Error(`no bench domain '${values.domain}'`)
  printSize(Number(values.size), values.domain)
  process.exit(0)
}

benchInProcess()

console.log('\nGrowth: per-device cost as domains grow (exponent from the previous size: 1.0 is linear, 2.0 quadratic)\n')
const growthRows: string[][] = []
const series: [string, (n: number) => string, number[]][] = [
  ['NICs placed by the engine (bridged)', benchBridgedDomainXml, [1000, 2000, 4000, 7000]],
  ['NICs with their addresses (packed, 8 functions a slot)', benchPackedDomainXml, quick ? [1000, 5000] : [1000, 5000, 10_000, 20_000]],
  ['mixed q35 devices, rejected once the machine is full', benchDomainXml, [1000, 5000]],
]
for (const [what, domain, sizes] of series) {
  let previous: [number, number] | undefined
  for (const n of sizes) {
    const xml = domain(n)
    const ok = expandUsable(xml)
    const { ms } = medianMs(() => expandUsable(xml), {
      budgetMs: quick ? 500 : 2000,
      minRuns: 3,
      maxRuns: 50,
      warmup: 1,
    })
    const exponent = previous ? growthExponent(previous[0], previous[1], n, ms).toFixed(2) : ''
    growthRows.push([what, String(n), ok ? 'accepted' : 'rejected', fmt(ms), fmt((ms * 1000) / n), exponent])
    previous = [n, ms]
  }
}
console.log(formatTable(['domain', 'devices', 'verdict', 'ms', 'µs/device', 'exponent'], growthRows))

if (values['no-live'] !== true) {
  console.log('\nAgainst a live libvirt: define + read back (defineXML + XMLDesc through the C API), median of rounds of each,')
  console.log('the two sides in turns\n')
  const domains = new Map<string, string>([
    ['q35, 10 devices', benchDomainXml(10)],
    ['q35, 100 devices', benchDomainXml(100)],
    ['q35, 200 devices', benchDomainXml(200)],
    ['q35, 1000 NICs on declared bridges', benchBridgedDomainXml(1000)],
  ])
  // note: devaddr is timed after each of libvirt's rounds, so that both sides share the machine's busy spells
  const ours = new Map<string, number[]>()
  const timeOurs = () => {
    for (const [label, xml] of domains) {
      const { ms } = medianMs(() => expandUsable(xml), { budgetMs: quick ? 300 : 700 })
      ours.set(label, [...(ours.get(label) ?? []), ms])
    }
  }
  const live = await timeLiveDefine(domains, quick ? 5 : 9, (line) => console.log(`  ${line}`), quick ? 1 : 3, timeOurs)
  if (!live.ok) console.log(`  skipped: ${live.reason}`)
  else {
    const rows = [...domains].map(([label]) => {
      const mine = median(ours.get(label) ?? [])
      const theirs = live.ms.get(label) ?? Number.NaN
      return [label, fmt(mine), fmt(theirs), (theirs / mine).toFixed(1)]
    })
    console.log(`  ${live.version}`)
    console.log(formatTable(['domain', 'devaddr ms', 'libvirt ms', 'libvirt/devaddr'], rows))
  }
}

console.log("\nThe CLI as a process: `devaddr expand` of a 5-device domain against `node -e ''` (median, interleaved)\n")
const { cliMs, nodeMs } = timeCliProcess(benchDomainXml(5), quick ? 5 : 15)
console.log(formatTable(['devaddr expand ms', "node -e '' ms", 'ratio'], [[fmt(cliMs), fmt(nodeMs), (cliMs / nodeMs).toFixed(2)]]))
