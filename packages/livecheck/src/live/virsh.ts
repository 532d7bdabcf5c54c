import { execFile } from 'node:child_process'

/** What one virsh call gave: its output, or the error it printed. */
export type VirshResult = { ok: true; stdout: string } | { ok: false; message: string }

/**
 * Runs one virsh command against `uri`. One call per step: `virsh "a; b"` goes on after an
 * error and exits 0.
 *
 * @param uri e.g. `qemu:///session?socket=/tmp/x/run/libvirt/libvirt-sock`
 * @param args the command and its arguments, e.g. `['define', '/tmp/x/in.xml']`
 * @param prefix a command virsh runs under, e.g. `['nsenter', '--target=PID', '--mount', '--root']`
 * @param env virsh's environment (default: this process's)
 */
export function virsh(
  uri: string,
  args: readonly string[],
  timeoutMs = 60_000,
  prefix: readonly string[] = [],
  env?: NodeJS.ProcessEnv,
): Promise<VirshResult> {
  const [command, ...rest] = [...prefix, 'virsh', '-q', '-c', uri, ...args] as [string, ...string[]]
  return new Promise((resolve) => {
    execFile(command, rest, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env }, (error, stdout, stderr) => {
      if (error === null) resolve({ ok: true, stdout })
      else resolve({ ok: false, message: cleanMessage(stderr || error.message) })
    })
  })
}

/** `error: Failed to define domain from x\nerror: XML error: …` → `XML error: …` */
export function cleanMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim().replace(/^error:\s*/, ''))
    .filter((l) => l !== '' && !l.startsWith('Failed to define domain'))
  return lines.join(' / ') || stderr.trim()
}
