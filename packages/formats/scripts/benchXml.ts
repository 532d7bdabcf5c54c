/**
 * Throughput of the lossless XML parser and serializer, in MB/s of source text:
 *
 *   pnpm --filter @devaddr/formats exec tsx scripts/benchXml.ts [--rounds N]
 *
 * Inputs: every input.xml/expected.xml of the libvirt corpus (small documents, as the CLI and
 * the service see them), one large corpus-like domain (many devices), and the expansion of a
 * domain with 40,000 unknown elements after a device (once quadratic). Times are CPU time of
 * this process, the best of several rounds.
 *
 * For comparison, the saxes-based parser this one replaced, measured with this script on the
 * same 2-core machine (MB/s, parse / serialize / parse+serialize): corpus 8.4 / 62.5 / 7.2,
 * large domain 7.0 / 29.7 / 5.0; the 40,000-element expansion took 11.9-13.9 s.
 */

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { expandDomainXml } from '../src/expandDomainXml.ts'
import { CORPUS_DIR, corpusAvailable, corpusCaseNames } from '../src/test/corpus.ts'
import { parseXml } from '../src/xml/parseXml.ts'
import { serializeXml } from '../src/xml/serializeXml.ts'

const roundsArg = process.argv.indexOf('--rounds')
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 10

function corpusTexts(): string[] {
  if (!corpusAvailable) return []
  const texts: string[] = []
  for (const name of corpusCaseNames()) {
    for (const file of ['input.xml', 'expected.xml']) {
      const path = join(CORPUS_DIR, 'cases', name, file)
      if (existsSync(path)) texts.push(readFileSync(path, 'utf8'))
    }
  }
  return texts
}

/** A domain like the corpus's, with `n` devices of the usual kinds. */
function largeDomain(n: number): string {
  const devices: string[] = []
  for (let i = 0; i < n; i++) {
    devices.push(
      `    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2' cache='none'/>\n      <source file='/var/lib/libvirt/images/disk${i}.qcow2'/>\n      <target dev='vd${i}' bus='virtio'/>\n      <address type='pci' domain='0x0000' bus='0x${(i >> 5).toString(16).padStart(2, '0')}' slot='0x${(i & 31).toString(16).padStart(2, '0')}' function='0x0'/>\n    </disk>`,
      `    <interface type='network'>\n      <mac address='52:54:00:${(i & 255).toString(16).padStart(2, '0')}:00:01'/>\n      <source network='default'/>\n      <model type='virtio'/>\n      <!-- nic ${i} &amp; more -->\n    </interface>`,
    )
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n  <name>big</name>\n  <memory unit='KiB'>4194304</memory>\n  <os>\n    <type arch='x86_64' machine='pc-q35-9.0'>hvm</type>\n  </os>\n  <devices>\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n${devices.join('\n')}\n  </devices>\n</domain>\n`
}

const byteLength = (texts: readonly string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0)

/** Milliseconds of CPU this process used: steadier than wall time on a shared machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Best of ROUNDS runs of `f` over `texts` (after one warm-up run), in MB/s (10^6 bytes) of CPU time. */
function mbPerSecond(texts: readonly string[], f: (text: string) => void): number {
  const bytes = byteLength(texts)
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r <= ROUNDS; r++) {
    const t0 = cpuMs()
    for (const t of texts) f(t)
    if (r > 0) best = Math.min(best, cpuMs() - t0)
  }
  return bytes / 1e6 / (Math.max(best, 0.001) / 1000)
}

function parsed(text: string) {
  const r = parseXml(text)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

function report(label: string, texts: readonly string[]): void {
  if (texts.length === 0) return
  // note: the trees for `serialize` are made last: holding them all while parsing would make
  // every major GC mark them, which a program reading one document never pays
  const parse = mbPerSecond(texts, (t) => parsed(t))
  const both = mbPerSecond(texts, (t) => {
    serializeXml(parsed(t))
  })
  const trees = texts.map(parsed)
  let k = 0
  const serialize = mbPerSecond(texts, () => {
    serializeXml(trees[k++ % trees.length]!)
  })
  const size = (byteLength(texts) / 1e6).toFixed(2)
  console.log(
    `${label.padEnd(34)} ${size.padStart(6)} MB   parse ${parse.toFixed(1).padStart(6)} MB/s   serialize ${serialize.toFixed(1).padStart(6)} MB/s   parse+serialize ${both.toFixed(1).padStart(6)} MB/s`,
  )
}

report(`corpus (${corpusTexts().length} files)`, corpusTexts())
report('large domain (4,000 devices)', [largeDomain(2000)])

const dev = "<interface type='network'><model type='virtio'/></interface>"
const unknownAfter = `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>${dev}${"<foo a='1'/>".repeat(40000)}</devices></domain>`
const t0 = cpuMs()
const expanded = expandDomainXml(unknownAfter)
console.log(
  `expand, 40,000 unknown elements after a device (${(unknownAfter.length / 1024).toFixed(0)} KiB): ${Math.round(cpuMs() - t0)} ms of CPU, ${expanded.ok ? 'ok' : 'failed'}`,
)
