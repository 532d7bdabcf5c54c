import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ensureLibvirtInstalled } from '@devaddr/livecheck/live/installLibvirt'
import { startLibvirtd } from '@devaddr/livecheck/live/libvirtd'

import { median } from './measure.ts'

/** Debian's own Python: its python3-libvirt is libvirt's C API, without virsh's process start. */
const PYTHON = '/usr/bin/python3'

// note: define + read back + undefine through the C API (libvirt-python), as a management app
// does it; the time covers defineXML and XMLDesc, the two calls that do what devaddr does
const TIMER = `
import json, sys, time, libvirt
conn = libvirt.open(sys.argv[1])
out = {}
for path in sys.argv[3:]:
    xml = open(path).read()
    times = []
    for i in range(int(sys.argv[2]) + 2):
        t0 = time.perf_counter()
        dom = conn.defineXML(xml)
        dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
        t1 = time.perf_counter()
        dom.undefine()
        if i >= 2: times.append((t1 - t0) * 1000)
    times.sort()
    out[path] = times[len(times) // 2]
print(json.dumps(out))
`

/** What a live libvirt took to define each domain (median ms), or why it could not be asked. */
export type LiveTimes = { ok: true; version: string; ms: Map<string, number> } | { ok: false; reason: string }

/**
 * Times a real libvirt (the host's, Debian 12's 9.0) defining each domain, in a private
 * unprivileged libvirtd started for the purpose and stopped after. Installs libvirt and
 * python3-libvirt from Debian's packages when missing (as root).
 *
 * @param rounds how many times the domains are timed, `afterRound` running after each: a caller
 *   that times its own side there interleaves the two, so a busy spell of the machine weighs on both
 * @returns the median over all rounds' medians, per domain
 */
export async function timeLiveDefine(
  domains: ReadonlyMap<string, string>,
  runs: number,
  log: (line: string) => void,
  rounds = 1,
  afterRound: () => void = () => {},
): Promise<LiveTimes> {
  try {
    ensureLibvirtInstalled(log)
    if (spawnSync(PYTHON, ['-c', 'import libvirt'], { stdio: 'ignore' }).status !== 0) {
      log('installing python3-libvirt (libvirt C API for Python)')
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-libvirt'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      })
    }
  } catch (e) {
    return { ok: false, reason: `libvirt or python3-libvirt could not be installed: ${e instanceof Error ? e.message : String(e)}` }
  }
  const daemon = await startLibvirtd(log)
  const dir = mkdtempSync(join(tmpdir(), 'devaddr-bench-'))
  try {
    const files = new Map<string, string>()
    for (const [label, xml] of domains) {
      const file = join(dir, `${files.size}.xml`)
      // note: a session-mode libvirt has no /dev/kvm: the guest type must be qemu
      writeFileSync(file, xml.replace("<domain type='kvm'>", "<domain type='qemu'>"))
      files.set(label, file)
    }
    const perRound: Array<Record<string, number>> = []
    for (let round = 0; round < rounds; round++) {
      const r = spawnSync(PYTHON, ['-c', TIMER, daemon.uri, String(runs), ...files.values()], { encoding: 'utf8', timeout: 600_000 })
      if (r.status !== 0) return { ok: false, reason: `libvirt refused a domain: ${(r.stderr || '').trim().split('\n').pop()}` }
      perRound.push(JSON.parse(r.stdout) as Record<string, number>)
      afterRound()
    }
    const version = spawnSync('/usr/sbin/libvirtd', ['--version'], { encoding: 'utf8' }).stdout.trim()
    return { ok: true, version, ms: new Map([...files].map(([label, file]) => [label, median(perRound.map((r) => r[file]!))])) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await daemon.stop()
  }
}
