// Load test of the service: p50/p99 of good requests alone, then beside hostile ones.
//   pnpm --filter @devaddr/service load [--seconds 10] [--connections 10] [--hostile 3]
// Starts the service as a process (as a user would), prints figures; asserts nothing.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    hostile: { type: 'string', default: '3' },
  },
})
const SECONDS = Number(values.seconds)
const CONNECTIONS = Number(values.connections)
const HOSTILE = Number(values.hostile)

const nic = "<interface type='network'><source network='default'/><model type='virtio'/></interface>\n"
const domain = (devices: string) => `<domain type='kvm'><name>load</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
<disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
${devices}</devices></domain>`

/** A realistic request: a small q35 guest with a disk and two NICs. */
const GOOD = { type: 'application/xml', body: domain(nic.repeat(2)) }

/** What a hostile or careless client sends (the shapes of the reliability reproducers). */
const HOSTILE_BODIES = [
  { what: 'nesting 3,000 deep', type: 'application/xml', body: domain(`${'<x>'.repeat(3000)}${'</x>'.repeat(3000)}`) },
  { what: 'pci index 1000000', type: 'application/xml', body: domain("<controller type='pci' index='1000000' model='pci-bridge'/>") },
  { what: '40,000 unknown elements', type: 'application/xml', body: domain(`${nic}${'<unknown/>'.repeat(40_000)}`) },
  { what: '[ x1000 as JSON', type: 'application/json', body: '['.repeat(1000) },
  {
    what: 'YAML alias bomb',
    type: 'application/yaml',
    body: `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
  },
  { what: '150 NICs (slow but valid)', type: 'application/xml', body: domain(nic.repeat(150)) },
  { what: '3 MiB of comments', type: 'application/xml', body: domain(`<!-- ${'x'.repeat(3 * 1024 * 1024)} -->`) },
]

async function startService(): Promise<{ url: string; stop: () => void }> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (c: string) => {
      err += c
      const m = /listening on (http:\/\/\S+)/.exec(err)
      if (m) resolve(m[1]!)
    })
    child.on('exit', () => reject(new Error(err)))
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

/** Runs `connections` loops for `seconds`; each loop sends what `pick` gives and times good requests. */
async function phase(url: string, seconds: number, loops: { hostile: boolean }[]) {
  const goodMs: number[] = []
  const statuses = new Map<string, number>()
  const end = performance.now() + seconds * 1000
  let n = 0
  await Promise.all(
    loops.map(async ({ hostile }) => {
      while (performance.now() < end) {
        const req = hostile ? HOSTILE_BODIES[n++ % HOSTILE_BODIES.length]! : GOOD
        const t0 = performance.now()
        const r = await fetch(`${url}/v1/expand`, {
          method: 'POST',
          headers: { 'content-type': req.type },
          body: req.body,
          signal: AbortSignal.timeout(60_000),
        })
        await r.arrayBuffer()
        const ms = performance.now() - t0
        const key = `${'what' in req ? req.what : 'good'} → ${r.status}`
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
        if (!hostile) goodMs.push(ms)
      }
    }),
  )
  goodMs.sort((a, b) => a - b)
  const q = (p: number) => goodMs[Math.min(goodMs.length - 1, Math.floor(p * goodMs.length))] ?? NaN
  return { count: goodMs.length, p50: q(0.5), p99: q(0.99), statuses }
}

const service = await startService()
try {
  // warm up the workers
  await phase(service.url, 1, [{ hostile: false }])
  const alone = await phase(
    service.url,
    SECONDS,
    Array.from({ length: CONNECTIONS }, () => ({ hostile: false })),
  )
  const mixed = await phase(
    service.url,
    SECONDS,
    Array.from({ length: CONNECTIONS }, (_, i) => ({ hostile: i < HOSTILE })),
  )
  const health0 = performance.now()
  await fetch(`${service.url}/healthz`)
  console.log(`service load test: ${CONNECTIONS} connections, ${SECONDS} s per phase, ${HOSTILE} of them hostile in the mixed phase`)
  console.log(`good requests alone:         ${alone.count} requests, p50 ${alone.p50.toFixed(1)} ms, p99 ${alone.p99.toFixed(1)} ms`)
  console.log(`good requests beside hostile: ${mixed.count} requests, p50 ${mixed.p50.toFixed(1)} ms, p99 ${mixed.p99.toFixed(1)} ms`)
  console.log(`p99 ratio mixed/alone: ${(mixed.p99 / alone.p99).toFixed(2)} (target ≤ 2)`)
  console.log(`/healthz after the run: ${(performance.now() - health0).toFixed(1)} ms`)
  console.log('answers in the mixed phase:')
  for (const [k, v] of [...mixed.statuses].sort()) console.log(`  ${k}: ${v}`)
} finally {
  service.stop()
}
