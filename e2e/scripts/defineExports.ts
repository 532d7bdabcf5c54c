/**
 * Defines every domain XML the e2e scenarios exported (`e2e/exports/<scenario>-<release>.xml`,
 * see fixtures/exports.ts) with the real libvirt of its release, and checks that libvirt keeps
 * every device address as exported.
 *
 * One private daemon per release present (9.0: the host's packages; 11.3, 12.8: the cached Debian
 * chroots), started once; per file `virsh define` → `dumpxml --inactive` → `undefine`.
 *
 * usage: pnpm --filter @devaddr/e2e define-exports [DIR]
 * exit 0 when every export is accepted with no address change; 1 when one is refused, changed,
 * or of a release no live libvirt runs; 2 when there is nothing to check (an empty folder must
 * not pass) or on a usage error.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ensureRoot } from '@devaddr/livecheck/live/chroot'
import { exitCleanlyOnSignals, runCleanups } from '@devaddr/livecheck/live/cleanup'
import { ensureLibvirtInstalled } from '@devaddr/livecheck/live/installLibvirt'
import { type Daemon, startLibvirtd } from '@devaddr/livecheck/live/libvirtd'
import { type LiveRelease, parseLiveRelease, RELEASE_SOURCES } from '@devaddr/livecheck/live/releases'

import { addressDifferences, deviceAddresses } from '../fixtures/domainAddresses.ts'
import { EXPORT_FILE, EXPORTS_DIR } from '../fixtures/exports.ts'

/** Where libvirt's `dumpxml` of an export that changed goes, to diff by hand or keep from CI. */
const DUMPS_DIR = fileURLToPath(new URL('../test-results/define-exports/', import.meta.url))

/** What became of one export. */
type Verdict = { ok: true; addresses: number; note?: string } | { ok: false; reason: string }

/** libvirt's refusal of `<domain type='kvm'>` when its QEMU cannot use KVM. */
const NO_KVM = /does not support virt type 'kvm'/

async function main(argv: string[]): Promise<number> {
  if (argv.length > 1 || argv[0]?.startsWith('-')) {
    console.error('usage: define-exports [DIR]   (default: e2e/exports)')
    return 2
  }
  const dir = argv[0] === undefined ? EXPORTS_DIR : resolve(argv[0])
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .sort()
  } catch {
    names = []
  }
  if (names.length === 0) {
    console.error(`define-exports: no exports in ${dir}: run the e2e scenarios first (a run that checks nothing does not pass)`)
    return 2
  }

  const byRelease = new Map<LiveRelease, string[]>()
  let failed = 0
  for (const name of names) {
    const text = EXPORT_FILE.exec(name)?.groups?.['release']
    const release = text === undefined ? undefined : parseLiveRelease(text)
    if (release === undefined) {
      failed++
      console.log(
        `${name}: NOT CHECKED: ${text === undefined ? 'not named <scenario>-<release>.xml' : `no live libvirt runs release ${text}`}`,
      )
      continue
    }
    byRelease.set(release, [...(byRelease.get(release) ?? []), name])
  }

  const log = (line: string): void => console.log(`  ${line}`)
  exitCleanlyOnSignals()
  try {
    for (const [release, files] of [...byRelease].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      const source = RELEASE_SOURCES[release]
      console.log(`libvirt ${release}: ${files.length} export${files.length === 1 ? '' : 's'}`)
      let root: string | undefined
      if (source.kind === 'host') ensureLibvirtInstalled(log)
      else ({ root } = await ensureRoot(source, log))
      const daemon = await startLibvirtd(log, root)
      try {
        for (const file of files) {
          const verdict = await defineOne(daemon, join(dir, file))
          if (!verdict.ok) failed++
          const note = verdict.ok && verdict.note !== undefined ? ` (${verdict.note})` : ''
          console.log(`${file}: ${verdict.ok ? `accepted, ${verdict.addresses} addresses, 0 differences${note}` : verdict.reason}`)
        }
      } finally {
        await daemon.stop()
      }
    }
  } finally {
    await runCleanups()
  }
  console.log(`define-exports: ${names.length - failed} of ${names.length} exports defined with every address as exported`)
  return failed === 0 ? 0 : 1
}

/** One export through `virsh define`, `dumpxml --inactive` and `undefine`; its addresses against libvirt's. */
async function defineOne(daemon: Daemon, path: string): Promise<Verdict> {
  const xml = readFileSync(path, 'utf8')
  const name = /<name>([^<]*)<\/name>/.exec(xml)?.[1]
  if (name === undefined) return { ok: false, reason: 'REFUSED: no <name>' }
  // note: the daemon may run in a chroot; its work directory is where virsh sees the same path
  const copy = join(daemon.work, 'export.xml')
  writeFileSync(copy, xml)
  let defined = await daemon.virsh(['define', copy])
  let note: string | undefined
  // note: the private daemon runs as nobody, which cannot open a root-only /dev/kvm (or there is
  // none): its QEMU then offers only TCG. The virt type is the host's business, not the
  // document's, and no address depends on it, so such an export is defined once more as 'qemu'.
  if (!defined.ok && NO_KVM.test(defined.message) && /<domain type='kvm'/.test(xml)) {
    writeFileSync(copy, xml.replace(/<domain type='kvm'/, "<domain type='qemu'"))
    defined = await daemon.virsh(['define', copy])
    note = "defined as type='qemu': this libvirtd cannot use KVM"
  }
  if (!defined.ok) return { ok: false, reason: `REFUSED: ${defined.message}` }
  const dumped = await daemon.virsh(['dumpxml', '--inactive', name])
  const undefined_ = await daemon.virsh(['undefine', name])
  if (!dumped.ok) return { ok: false, reason: `dumpxml failed: ${dumped.message}` }
  if (!undefined_.ok) return { ok: false, reason: `undefine failed: ${undefined_.message}` }

  // note: the guest's size must survive too (NUMA cells split <memory>, they must not replace it)
  const [size, definedSize] = [memoryKiB(xml), memoryKiB(dumped.stdout)]
  if (size !== definedSize) return { ok: false, reason: `CHANGED: <memory> ${size} KiB exported, ${definedSize} KiB defined` }
  const exported = deviceAddresses(xml)
  const diffs = addressDifferences(exported, deviceAddresses(dumped.stdout))
  if (diffs.length === 0) return { ok: true, addresses: exported.size, ...(note === undefined ? {} : { note }) }
  mkdirSync(DUMPS_DIR, { recursive: true })
  const dump = join(DUMPS_DIR, path.split('/').pop() ?? 'export.xml')
  writeFileSync(dump, dumped.stdout)
  const lines = diffs.map((d) => `\n  ${d}`).join('')
  return { ok: false, reason: `CHANGED: ${diffs.length} of ${exported.size} addresses differ (libvirt's dumpxml: ${dump})${lines}` }
}

const KIB_PER_UNIT: Readonly<Record<string, number>> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  m: 1024,
  mib: 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
}

/** The domain's `<memory>` in KiB (libvirt writes KiB; an export may use another binary unit). */
function memoryKiB(xml: string): number | undefined {
  const m = /<memory(?:\s+unit='([^']*)')?\s*>\s*(\d+)\s*<\/memory>/.exec(xml)
  if (!m) return undefined
  const perUnit = KIB_PER_UNIT[(m[1] ?? 'KiB').toLowerCase()]
  return perUnit === undefined ? undefined : Number(m[2]) * perUnit
}

process.exitCode = await main(process.argv.slice(2))
