import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

import { onCleanup } from './cleanup.ts'
import type { ReleaseSource } from './releases.ts'

/** Debian's mirror (the one the host's apt sources name). */
export const DEBIAN_MIRROR = 'http://deb.debian.org/debian'

/** What a root was built from, stored in it: a root built from another recipe is rebuilt. */
interface RootRecipe {
  suite: string
  packages: string[]
  mirror: string
}

const STAMP = '.devaddr-livecheck-root.json'

/**
 * Where chroots live: `$DEVADDR_LIVECHECK_CACHE`, else `/var/cache/devaddr-livecheck` as root,
 * else `~/.cache/devaddr-livecheck`. Never inside the repository.
 */
export function cacheDir(): string {
  const fromEnv = process.env.DEVADDR_LIVECHECK_CACHE
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  return process.getuid?.() === 0 ? '/var/cache/devaddr-livecheck' : join(homedir(), '.cache', 'devaddr-livecheck')
}

/**
 * Returns the root of a chroot release, building it with mmdebstrap when it is missing or was
 * built from another recipe: `--variant=apt --mode=root`, no Recommends, the release's packages,
 * `Check-Valid-Until false` (sid's Release file can be past its date on these clocks). Built in
 * a temporary sibling directory and renamed when complete, so an interrupted build leaves no
 * half root behind (and a killed run's partial root is removed by the next build); a lock
 * directory keeps two runs from building the same root at once. Installs mmdebstrap on the host with apt-get when it is missing. Needs root.
 *
 * @returns the root's path and how long the build took (0 when cached)
 * @throws when not root, or when mmdebstrap fails (its last lines in the message)
 */
export async function ensureRoot(source: ReleaseSource, log: (line: string) => void): Promise<{ root: string; buildMs: number }> {
  const root = join(cacheDir(), 'roots', source.suite)
  const recipe: RootRecipe = { suite: source.suite, packages: [...source.packages], mirror: DEBIAN_MIRROR }
  if (existsSync(join(root, STAMP)) && sameRecipe(join(root, STAMP), recipe)) return { root, buildMs: 0 }
  if (process.getuid?.() !== 0) throw new Error(`libvirt ${source.release} runs from a chroot: building and running it needs root`)
  if (!existsSync('/usr/bin/mmdebstrap')) {
    log('installing mmdebstrap with apt-get')
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'mmdebstrap'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  }
  const roots = join(cacheDir(), 'roots')
  mkdirSync(roots, { recursive: true })
  const releaseLock = await lock(`${root}.lock`, log)
  try {
    // note: another run may have built it while this one waited for the lock
    if (existsSync(join(root, STAMP)) && sameRecipe(join(root, STAMP), recipe)) return { root, buildMs: 0 }
    removeStalePartials(roots, source.suite)
    return await build(source, root, recipe, log)
  } finally {
    releaseLock()
  }
}

async function build(
  source: ReleaseSource,
  root: string,
  recipe: RootRecipe,
  log: (line: string) => void,
): Promise<{ root: string; buildMs: number }> {
  const started = Date.now()
  const partial = `${root}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  log(`building the ${source.suite} root for libvirt ${source.release} in ${root} (mmdebstrap, ~1-2 min)`)
  const args = [
    '--variant=apt',
    '--mode=root',
    '--quiet',
    `--aptopt=Acquire::Check-Valid-Until "false"`,
    `--aptopt=APT::Install-Recommends "false"`,
    `--include=${source.packages.join(',')}`,
    source.suite,
    partial,
    DEBIAN_MIRROR,
  ]
  const removePartial = (): void => removeTree(partial)
  const unregister = onCleanup(removePartial)
  try {
    // note: mmdebstrap mounts proc, sys and dev in the root; in a private mount namespace those
    // mounts die with it, even when it is killed, and never show on the host
    await run('unshare', ['--mount', '--propagation', 'private', '--', 'mmdebstrap', ...args])
    writeFileSync(join(partial, STAMP), `${JSON.stringify({ ...recipe, built: new Date().toISOString() }, null, 2)}\n`)
    removeTree(root)
    renameSync(partial, root)
  } finally {
    removePartial()
    unregister()
  }
  const buildMs = Date.now() - started
  log(`built ${root} in ${(buildMs / 1000).toFixed(0)} s`)
  return { root, buildMs }
}

/** Removes `<suite>.partial-<pid>` roots left by runs that were killed mid-build (their pid is gone). */
function removeStalePartials(roots: string, suite: string): void {
  for (const name of readdirSync(roots)) {
    const pid = new RegExp(`^${suite}\\.partial-(\\d+)$`).exec(name)?.[1]
    if (pid !== undefined && !alive(Number(pid))) removeTree(join(roots, name))
  }
}

/**
 * `rm -r` of a root, refused while anything is mounted below it in this mount namespace (a
 * mounted /dev or /sys must never be walked into).
 *
 * @throws when a mount point lies under `path`
 */
export function removeTree(path: string): void {
  const prefix = `${path.replace(/\/+$/, '')}/`
  const mounted = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4]?.replace(/\\040/g, ' '))
    .filter((target): target is string => target !== undefined && (target === path || target.startsWith(prefix)))
  if (mounted.length > 0) throw new Error(`not removing ${path}: ${mounted.join(', ')} mounted there`)
  rmSync(path, { recursive: true, force: true })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A lock directory holding the owner's pid, so two runs never build the same root at once; a
 * lock whose owner is gone is taken over. Waits up to 10 minutes.
 *
 * @returns the function that releases it
 */
async function lock(path: string, log: (line: string) => void): Promise<() => void> {
  const deadline = Date.now() + 600_000
  let told = false
  for (;;) {
    try {
      mkdirSync(path)
      writeFileSync(join(path, 'pid'), String(process.pid))
      const release = (): void => rmSync(path, { recursive: true, force: true })
      const unregister = onCleanup(release)
      return () => {
        unregister()
        release()
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    let owner = NaN
    try {
      owner = Number(readFileSync(join(path, 'pid'), 'utf8'))
    } catch {
      // being created or removed right now
    }
    if (Number.isInteger(owner) && !alive(owner)) {
      rmSync(path, { recursive: true, force: true })
      continue
    }
    if (Date.now() > deadline) throw new Error(`${path} is held by pid ${owner} for more than 10 minutes`)
    if (!told) log(`waiting for pid ${owner}, which is building this root`)
    told = true
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

function sameRecipe(stampFile: string, recipe: RootRecipe): boolean {
  try {
    const stored = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<RootRecipe>
    return (
      stored.suite === recipe.suite &&
      stored.mirror === recipe.mirror &&
      JSON.stringify(stored.packages) === JSON.stringify(recipe.packages)
    )
  } catch {
    return false
  }
}

/**
 * Runs a command to completion, its output kept for the error message only. On a signal (the
 * cleanup registry) the child is sent SIGTERM and awaited, so nothing writes into a partial root
 * while it is removed.
 */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // note: its own process group, so a stop reaches mmdebstrap's apt and dpkg children too
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal)
      } catch {
        // already gone
      }
    }
    const unregister = onCleanup(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      // note: mmdebstrap defers SIGTERM until its current step ends; kill the group after 10 s
      signalGroup('SIGTERM')
      const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 10_000).unref())
      if ((await Promise.race([exited, timer])) === 'timeout') signalGroup('SIGKILL')
      await exited
    })
    void exited.then(unregister)
    let output = ''
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-8000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0) resolve()
      else
        reject(new Error(`${command} failed (${signal ?? `exit ${String(code)}`}):\n${output.trimEnd().split('\n').slice(-15).join('\n')}`))
    })
  })
}
