#!/usr/bin/env node
// The published packages, checked the way a user gets them. Builds the four publishable packages,
// `pnpm pack`s them (workspace:* becomes the real version), then:
//
//   --check     publint and attw (ESM-only profile) on each tarball          pnpm check:packages
//   --install   a scratch project with nothing but Node and npm installs     pnpm test:install
//               the tarballs, runs `npx devaddr expand`, the API and the
//               service (`npx devaddr-service`, /healthz, /v1/expand)
//   (neither)   both, from one build                                         pnpm test:packages
//   --keep      leave the temp dir (tarballs, scratch project) and the builds in dist/
//
// Our four packages come from the tarballs only; their third-party dependencies (yaml,
// commander, fastify) come from npm's cache, or the registry the first time (--prefer-offline).
// The builds are removed afterwards (except the CLI's bundle, which bin/devaddr.js keeps fresh):
// the workspace reads source through the @devaddr/source condition, and a dist/ left behind
// would hide a tool that does not.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The publishable packages, in dependency order: name, folder, exports that are data, not modules (attw skips them). */
export const PACKAGES = [
  ['devaddr', 'packages/devaddr'],
  ['@devaddr/formats', 'packages/formats'],
  ['@devaddr/cli', 'packages/cli'],
  ['@devaddr/service', 'packages/service', ['./openapi.yaml']],
]

/** A Node environment without the workspace's NODE_OPTIONS (`--conditions=@devaddr/source`, from .npmrc). */
function userEnv() {
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  for (const key of Object.keys(env)) if (key.startsWith('npm_') || key.startsWith('PNPM_')) delete env[key]
  return env
}

/** Runs a command to completion; throws with its output when it fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout ?? ''}${r.stderr ?? ''}`)
  return r.stdout
}

/** Builds the four packages from scratch (tsc to dist/; the CLI also bundles dist/devaddr.mjs). */
export function buildPackages() {
  cleanBuilds()
  const filters = PACKAGES.flatMap(([name]) => ['--filter', name])
  run('pnpm', [...filters, '--workspace-concurrency=2', 'run', 'build'], { cwd: root, stdio: 'inherit' })
}

/** Removes what buildPackages wrote, but the CLI's bundle. */
export function cleanBuilds() {
  for (const [name, dir] of PACKAGES) {
    const dist = join(root, dir, 'dist')
    if (!existsSync(dist)) continue
    for (const entry of readdirSync(dist)) {
      if (name === '@devaddr/cli' && entry === 'devaddr.mjs') continue
      rmSync(join(dist, entry), { recursive: true, force: true })
    }
    if (readdirSync(dist).length === 0) rmSync(dist, { recursive: true })
  }
}

/** `pnpm pack`s the four packages into `dest`; returns name → tarball path. */
export function packPackages(dest) {
  const tarballs = new Map()
  for (const [name, dir] of PACKAGES) {
    const before = new Set(readdirSync(dest))
    run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, dir) })
    const made = readdirSync(dest).filter((f) => f.endsWith('.tgz') && !before.has(f))
    if (made.length !== 1) throw new Error(`pnpm pack of ${name} made ${made.length} tarballs`)
    tarballs.set(name, join(dest, made[0]))
  }
  return tarballs
}

/** Runs a command, collecting its output; resolves with the exit status and the output. */
function collect(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('close', (status) => resolve({ status, output }))
  })
}

/**
 * publint (--strict: warnings fail too) and attw on each tarball, all at once; prints each report
 * and returns the names of the packages that fail either.
 */
async function checkTarballs(tarballs) {
  const bin = (name) => join(root, 'node_modules', '.bin', name)
  const checks = [...tarballs].map(async ([name, tarball]) => {
    const dataEntries = PACKAGES.find(([n]) => n === name)[2] ?? []
    const [publint, attw] = await Promise.all([
      collect(bin('publint'), ['run', tarball, '--strict']),
      // note: esm-only: the packages are ESM ("type": "module", an `import` condition only), so
      // attw's CommonJS resolution modes (node10, node16 from CJS) are not expected to resolve
      collect(bin('attw'), [
        tarball,
        '--profile',
        'esm-only',
        '--format',
        'table-flipped',
        ...(dataEntries.length ? ['--exclude-entrypoints', ...dataEntries] : []),
      ]),
    ])
    return { name, publint, attw }
  })
  const failed = []
  for (const { name, publint, attw } of await Promise.all(checks)) {
    console.log(`\n--- ${name}: publint --strict, attw --profile esm-only\n${publint.output.trim()}\n${attw.output.trim()}`)
    if (publint.status !== 0 || attw.status !== 0) failed.push(name)
  }
  return failed
}

/** A small q35 domain: one disk, one NIC, plus the controllers libvirt adds. */
const DOMAIN_XML = `<domain type='kvm'>
  <name>packed</name>
  <memory unit='KiB'>1048576</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/packed.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='network'><source network='default'/><model type='virtio'/></interface>
  </devices>
</domain>
`

/** What the scratch project runs through the two libraries' public API. */
const API_CHECK = `import { expandDocument } from '@devaddr/formats'
import { expandDomain } from 'devaddr'
import { readFileSync } from 'node:fs'

const doc = expandDocument(readFileSync('domain.xml', 'utf8'), 'xml')
if (!doc.ok) throw new Error('expandDocument failed: ' + JSON.stringify(doc.error))
if (!doc.value.text.includes("<address type='pci'")) throw new Error('expandDocument wrote no PCI address')
const r = expandDomain({ arch: 'x86_64', machine: 'q35', devices: [{ id: 'interface0', kind: 'interface', origin: 'input', type: 'network', model: 'virtio' }] })
if (!r.ok) throw new Error('expandDomain failed: ' + JSON.stringify(r.error))
const nic = r.value.devices.find((d) => d.id === 'interface0')
if (nic?.address?.type !== 'pci') throw new Error('expandDomain left the NIC without a PCI address')
console.log('api ok: ' + r.value.devices.length + ' devices')
`

/**
 * Starts the installed service on a free port; resolves with its URL and the child. Runs the
 * bin npm linked, not `npx`: killing npx would leave the service running as its orphan.
 */
function startService(cwd, env) {
  const child = spawn(join(cwd, 'node_modules', '.bin', 'devaddr-service'), ['--port', '0', '--quiet'], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`the service did not start in 20 s: ${stderr}`)), 20_000)
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      const m = /listening on (http:\/\/\S+)/.exec(stderr)
      if (m) {
        clearTimeout(timer)
        resolve({ url: m[1], child })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the service exited ${code}: ${stderr}`))
    })
  })
}

/** The install test: a scratch project installs the tarballs and uses the CLI, the API and the service. */
async function installTest(tarballs, scratch) {
  mkdirSync(scratch)
  const env = userEnv()
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }, null, 2),
  )
  writeFileSync(join(scratch, 'domain.xml'), DOMAIN_XML)
  writeFileSync(join(scratch, 'api.mjs'), API_CHECK)
  const t0 = performance.now()
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.values()], { cwd: scratch, env })
  console.log(`npm install: ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  // our packages must be the tarballs, not a registry namesake, and hold no TypeScript source
  const lock = JSON.parse(run('node', ['-p', "JSON.stringify(require('./package-lock.json').packages)"], { cwd: scratch, env }))
  for (const [name, tarball] of tarballs) {
    const entry = lock[`node_modules/${name}`]
    if (!entry?.resolved?.startsWith('file:') || !entry.resolved.endsWith(tarball.split('/').pop()))
      throw new Error(`${name} was not installed from its tarball: ${JSON.stringify(entry)}`)
    if (Object.keys(lock).some((k) => k.endsWith(`node_modules/${name}`) && k !== `node_modules/${name}`))
      throw new Error(`${name} is installed twice`)
    if (existsSync(join(scratch, 'node_modules', name, 'src'))) throw new Error(`${name} ships its src/`)
  }

  const expanded = run('npx', ['--no-install', 'devaddr', 'expand', 'domain.xml'], { cwd: scratch, env })
  if (!expanded.includes("<address type='pci'") || !expanded.includes("model='pcie-root-port'"))
    throw new Error(`npx devaddr expand printed:\n${expanded}`)
  console.log('cli ok: npx devaddr expand domain.xml')

  process.stdout.write(run('node', ['api.mjs'], { cwd: scratch, env }))

  const { url, child } = await startService(scratch, env)
  try {
    const health = await fetch(`${url}/healthz`)
    if (health.status !== 200) throw new Error(`GET /healthz: ${health.status} ${await health.text()}`)
    const res = await fetch(`${url}/v1/expand`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: DOMAIN_XML })
    const body = await res.text()
    if (res.status !== 200 || !body.includes("<address type='pci'")) throw new Error(`POST /v1/expand: ${res.status} ${body}`)
    console.log(`service ok: ${url} /healthz ${health.status}, /v1/expand ${res.status}`)
  } finally {
    await stopService(child)
  }
}

/** SIGTERM, and the service must be gone within 5 s (it promises a prompt shutdown). */
function stopService(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the service did not stop within 5 s of SIGTERM'))
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function mainCli() {
  const args = process.argv.slice(2)
  const unknown = args.filter((a) => !['--check', '--install', '--keep'].includes(a))
  if (unknown.length > 0) {
    console.error(`unknown option(s): ${unknown.join(' ')}\nusage: node scripts/testPackages.mjs [--check] [--install] [--keep]`)
    process.exit(2)
  }
  const both = !args.includes('--check') && !args.includes('--install')
  const keep = args.includes('--keep')
  const tmp = mkdtempSync(join(tmpdir(), 'devaddr-packages-'))
  const seconds = (t) => ((performance.now() - t) / 1000).toFixed(1)
  const t0 = performance.now()
  let failed = false
  try {
    buildPackages()
    const tarballs = packPackages(tmp)
    console.log(`built and packed in ${seconds(t0)} s: ${[...tarballs.values()].map((t) => t.split('/').pop()).join(', ')}`)
    if (both || args.includes('--check')) {
      const bad = await checkTarballs(tarballs)
      if (bad.length > 0) {
        console.error(`\npublint/attw failed for: ${bad.join(', ')}`)
        failed = true
      }
    }
    if (!failed && (both || args.includes('--install'))) {
      const t1 = performance.now()
      await installTest(tarballs, join(tmp, 'scratch'))
      console.log(`install test passed in ${seconds(t1)} s`)
    }
  } finally {
    if (keep) console.log(`kept ${tmp}`)
    else {
      rmSync(tmp, { recursive: true, force: true })
      cleanBuilds()
    }
  }
  console.log(`${failed ? 'FAILED' : 'passed'} in ${seconds(t0)} s`)
  process.exit(failed ? 1 : 0)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await mainCli()
