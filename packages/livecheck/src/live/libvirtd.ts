import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { onCleanup } from './cleanup.ts'
import { virsh, type VirshResult } from './virsh.ts'

/** A private libvirtd this process started, and how to reach and stop it. */
export interface Daemon {
  /** `qemu:///session?socket=…` */
  uri: string
  /** libvirtd's own pid (every wrapper execs the next) */
  pid: number
  /** the private directory: HOME, XDG_* and the log; the same path inside a chroot */
  dir: string
  /** where domain XML files go (visible to virsh, also inside a chroot) */
  work: string
  /** `libvirtd.log` in `dir` */
  logFile: string
  /** `virsh version`'s library and hypervisor lines, e.g. `Using library: libvirt 11.3.0; …` */
  version: string
  /** runs one virsh command against this daemon (inside its chroot when it has one) */
  virsh(args: readonly string[], timeoutMs?: number): Promise<VirshResult>
  /** stops this daemon (by its pid only): SIGTERM, then SIGKILL after 5 s; removes `dir`; safe to call twice */
  stop(): Promise<void>
}

const SOCKET = 'run/libvirt/libvirt-sock'
const PATH = '/usr/sbin:/usr/bin:/sbin:/bin'

/**
 * Starts libvirtd in session mode in a private temporary directory, either from the host's
 * packages (`root` undefined) or from a chroot built by `ensureRoot`.
 *
 * As root it runs as `nobody` (through `setpriv`), since a root libvirtd is the system instance
 * and needs the libvirt-qemu user; HOME and every XDG_* variable point into that directory,
 * which the user owns. The daemon is detached into its own session (Node's `detached`, i.e.
 * setsid(2)), so a terminal's signals do not reach it; `stop()` (also registered as a cleanup
 * for signals) stops it.
 *
 * With a chroot: `unshare --mount --propagation private` → `sh` mounts proc, /dev, /sys and the
 * private directory (same path) inside the root → `exec chroot ROOT setpriv … env -i … libvirtd`.
 * Each step execs the next, so the pid is libvirtd's own, and every mount lives and dies with
 * its private mount namespace: nothing is mounted on the host. virsh joins that namespace with
 * `nsenter --target PID --mount --root`.
 *
 * The first start probes the QEMU binaries (8–12 s); this waits until virsh answers.
 *
 * @throws when libvirtd exits early or does not answer within `timeoutMs`
 */
export async function startLibvirtd(log: (line: string) => void, root?: string, timeoutMs = 120_000): Promise<Daemon> {
  const asRoot = process.getuid?.() === 0
  if (root !== undefined && !asRoot) throw new Error('a chroot libvirtd needs root (unshare, chroot)')
  const dir = mkdtempSync(join(tmpdir(), 'devaddr-libvirtd-'))
  const dirs = {
    HOME: 'home',
    XDG_CONFIG_HOME: 'config',
    XDG_CACHE_HOME: 'cache',
    XDG_DATA_HOME: 'data',
    XDG_RUNTIME_DIR: 'run',
    XDG_STATE_HOME: 'state',
  }
  const env: Record<string, string> = { PATH, LANG: 'C' }
  for (const [name, sub] of Object.entries(dirs)) {
    const path = join(dir, sub)
    mkdirSync(path, { mode: 0o700 })
    env[name] = path
  }
  const work = join(dir, 'work')
  mkdirSync(work)
  // note: the same path inside the root, for the bind mount; removed again by stop()
  const mountPoint = root === undefined ? undefined : join(root, dir)
  if (mountPoint !== undefined) mkdirSync(mountPoint, { recursive: true })
  const removeDirs = (): void => {
    rmSync(dir, { recursive: true, force: true })
    // note: the bind mount lives only in the daemon's namespace; on the host this is an empty directory
    if (mountPoint !== undefined && existsSync(mountPoint)) rmdirSync(mountPoint)
  }

  let command = '/usr/sbin/libvirtd'
  let args: string[] = []
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim())
    for (const sub of ['', ...Object.values(dirs)]) chownSync(join(dir, sub), uid, gid)
    const setpriv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups']
    if (root === undefined) {
      command = 'setpriv'
      args = [...setpriv.slice(1), '/usr/sbin/libvirtd']
    } else {
      const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`)
      const q = shellQuote
      const script = [
        'set -e',
        `mount -t proc proc ${q(join(root, 'proc'))}`,
        `mount --rbind /dev ${q(join(root, 'dev'))}`,
        `mount --rbind /sys ${q(join(root, 'sys'))}`,
        `mount --bind ${q(dir)} ${q(join(root, dir))}`,
        `cd /`,
        `exec chroot ${q(root)} ${[...setpriv, 'env', '-i', ...envArgs, '/usr/sbin/libvirtd'].map(q).join(' ')}`,
      ].join('\n')
      command = 'unshare'
      args = ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script]
    }
  }
  const logFile = join(dir, 'libvirtd.log')
  const logFd = openSync(logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn(command, args, { cwd: root === undefined ? dir : '/', env, detached: true, stdio: ['ignore', logFd, logFd] })
  } finally {
    closeSync(logFd)
  }
  const pid = child.pid
  if (pid === undefined) {
    removeDirs()
    throw new Error(`cannot start libvirtd (see ${logFile})`)
  }
  let exited = false
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true
      resolve()
    })
  })

  let stopped: Promise<void> | undefined
  let unregister = (): void => {}
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      unregister()
      if (!exited) {
        try {
          process.kill(pid, 'SIGTERM')
        } catch {
          // already gone
        }
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref())
        if ((await Promise.race([exitedPromise, timer])) === 'timeout' && !exited) {
          try {
            process.kill(pid, 'SIGKILL')
          } catch {
            // already gone
          }
          await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
        }
      }
      removeDirs()
    })()
    return stopped
  }
  unregister = onCleanup(stop)

  const uri = `qemu:///session?socket=${join(dir, SOCKET)}`
  const prefix = root === undefined ? [] : ['nsenter', `--target=${pid}`, '--mount', '--root']
  const clientEnv = { PATH, LANG: 'C', HOME: join(dir, 'home') }
  const run = (a: readonly string[], t?: number): Promise<VirshResult> => virsh(uri, a, t, prefix, clientEnv)
  log(`libvirtd pid ${pid} in ${dir}${root === undefined ? '' : ` (root ${root})`}`)
  const deadline = Date.now() + timeoutMs
  let version = ''
  try {
    while (!existsSync(join(dir, SOCKET))) {
      if (exited) throw new Error(`libvirtd exited at start:\n${tail(logFile)}`)
      if (Date.now() > deadline) throw new Error(`libvirtd made no socket within ${timeoutMs / 1000} s:\n${tail(logFile)}`)
      await sleep(100)
    }
    const answer = await run(['version'], Math.max(1000, deadline - Date.now()))
    if (!answer.ok) throw new Error(`virsh cannot reach libvirtd: ${answer.message}\n${tail(logFile)}`)
    version = answer.stdout
      .trim()
      .split('\n')
      .filter((l) => /library|hypervisor/i.test(l))
      .join('; ')
    log(version)
  } catch (e) {
    await stop()
    throw e
  }
  return { uri, pid, dir, work, logFile, version, virsh: run, stop }
}

/** `'it'\''s'`: one word for /bin/sh. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
