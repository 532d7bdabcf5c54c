#!/usr/bin/env node
// Installs what a fresh machine is missing, so `npm start` and `npm test` work
// on a machine that has only Node 20 + npm.
//
//   node scripts/setup.mjs            pnpm (if missing) + workspace dependencies
//   node scripts/setup.mjs --browser  ... + Debian's chromium at /usr/bin/chromium
//
// Plain Node, no dependencies: it runs before anything is installed.
// note: corepack is not used on purpose: its signature check fails on this network.
// note: we never download a browser through Playwright; e2e uses the system chromium.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

function log(msg) {
  console.log(`[setup] ${msg}`)
}

function fail(msg) {
  console.error(`[setup] error: ${msg}`)
  process.exit(1)
}

/** Runs a command with inherited stdio; exits the script if it fails. */
function run(cmd, cmdArgs, opts = {}) {
  log(`$ ${[cmd, ...cmdArgs].join(' ')}`)
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...opts })
  if (r.error) fail(`${cmd}: ${r.error.message}`)
  if (r.status !== 0) fail(`\`${[cmd, ...cmdArgs].join(' ')}\` exited with ${r.status ?? r.signal}`)
}

/** True if `cmd --version` runs. */
function has(cmd) {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' })
  return !r.error && r.status === 0
}

function pnpmVersionWanted() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const m = /^pnpm@(\d[^+]*)/.exec(pkg.packageManager ?? '')
  return m ? m[1] : '10'
}

function ensurePnpm() {
  if (has('pnpm')) return
  const version = pnpmVersionWanted()
  log(`pnpm not found on PATH; installing pnpm@${version} with npm`)
  run('npm', ['install', '-g', `pnpm@${version}`])
  if (!has('pnpm')) {
    const prefix = spawnSync('npm', ['prefix', '-g'], { encoding: 'utf8' }).stdout?.trim()
    fail(`pnpm was installed but is not on PATH; add ${prefix ? join(prefix, 'bin') : "npm's global bin folder"} to PATH`)
  }
}

function ensureDeps() {
  // note: always run it: pnpm checks the lockfile itself and is quick when nothing changed.
  run('pnpm', ['install', '--frozen-lockfile'])
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH=${CHROMIUM} does not exist`)
  const pkgs = ['chromium']
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  /** @type {string[]} */
  let prefix = []
  if (!isRoot) {
    if (!has('sudo')) {
      fail(
        `${CHROMIUM} is missing and this user is not root (no sudo found).\n` +
          `  Install it as root:  apt-get update && apt-get install -y --no-install-recommends chromium\n` +
          `  or set CHROMIUM_PATH to an existing Chromium binary.`,
      )
    }
    prefix = ['sudo']
  }
  if (!has('apt-get')) {
    fail(`${CHROMIUM} is missing and apt-get is not available; install Chromium and set CHROMIUM_PATH.`)
  }
  log(`${CHROMIUM} not found; installing Debian's chromium (e2e tests use it)`)
  // note: `env` after sudo, because sudo drops most of the caller's environment.
  const sh = (argv) => {
    const full = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', ...argv]
    run(full[0], full.slice(1))
  }
  sh(['apt-get', 'update'])
  sh(['apt-get', 'install', '-y', '--no-install-recommends', ...pkgs])
  if (!existsSync(CHROMIUM)) fail(`chromium was installed but ${CHROMIUM} does not exist`)
}

ensurePnpm()
ensureDeps()
if (args.has('--browser')) ensureChromium()
