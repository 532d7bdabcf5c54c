import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { virsh } from './virsh.ts'

/** A private libvirtd this process started, and how to reach and stop it. */
export interface Daemon {
  /** `qemu:///session?socket=…` */
  uri: string
  /** libvirtd's own pid (setpriv execs it) */
  pid: number
  /** the private directory: HOME, XDG_* and the log */
  dir: string
  /** `libvirtd.log` in `dir` */
  logFile: string
  /** stops this daemon (by its pid only): SIGTERM, then SIGKILL after 5 s; safe to call twice */
  stop(): Promise<void>
}

const SOCKET = 'run/libvirt/libvirt-sock'

/**
 * Starts libvirtd in session mode in a private temporary directory. As root it runs as `nobody`
 * (through `setpriv`), since a root libvirtd is the system instance and needs the libvirt-qemu
 * user; HOME and every XDG_* variable point into that directory, which the user owns. The
 * daemon is detached into its own session (Node's `detached`, i.e. setsid(2)), so a terminal's
 * signals do not reach it; the caller stops it with `stop()`.
 *
 * The first start probes the QEMU binaries (about 10 s); this waits until virsh answers.
 *
 * @throws when libvirtd exits early or does not answer within `timeoutMs`
 */
export async function startLibvirtd(log: (line: string) => void, timeoutMs = 90_000): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'devaddr-libvirtd-'))
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data', XDG_RUNTIME_DIR: 'run', XDG_STATE_HOME: 'state' }
  const env: Record<string, string> = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' }
  for (const [name, sub] of Object.entries(dirs)) {
    const path = join(dir, sub)
    mkdirSync(path, { mode: 0o700 })
    env[name] = path
  }
  const asRoot = process.getuid?.() === 0
  let command = '/usr/sbin/libvirtd'
  let args: string[] = []
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim())
    for (const sub of ['', ...Object.values(dirs)]) chownSync(join(dir, sub), uid, gid)
    command = 'setpriv'
    args = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '/usr/sbin/libvirtd']
  }
  const logFile = join(dir, 'libvirtd.log')
  const logFd = openSync(logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn(command, args, { cwd: dir, env, detached: true, stdio: ['ignore', logFd, logFd] })
  } finally {
    closeSync(logFd)
  }
  const pid = child.pid
  if (pid === undefined) throw new Error(`cannot start libvirtd (see ${logFile})`)
  let exited = false
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true
      resolve()
    })
  })

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    if (exited) return
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      return
    }
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000))
    if ((await Promise.race([exitedPromise, timer])) === 'timeout' && !exited) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }

  const uri = `qemu:///session?socket=${join(dir, SOCKET)}`
  log(`libvirtd pid ${pid} in ${dir}`)
  const deadline = Date.now() + timeoutMs
  try {
    while (!existsSync(join(dir, SOCKET))) {
      if (exited) throw new Error(`libvirtd exited at start:\n${tail(logFile)}`)
      if (Date.now() > deadline) throw new Error(`libvirtd made no socket within ${timeoutMs / 1000} s:\n${tail(logFile)}`)
      await sleep(100)
    }
    const version = await virsh(uri, ['version'], Math.max(1000, deadline - Date.now()))
    if (!version.ok) throw new Error(`virsh cannot reach libvirtd: ${version.message}\n${tail(logFile)}`)
    log(version.stdout.trim().split('\n').filter((l) => /library|hypervisor/i.test(l)).join('; '))
  } catch (e) {
    await stop()
    throw e
  }
  return { uri, pid, dir, logFile, stop }
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
