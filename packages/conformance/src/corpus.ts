import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The fields of a case's meta.json the runner reads (see the corpus README). */
export interface CaseMeta {
  name: string
  /** how libvirt's test changed the environment, e.g. ['ARG_QEMU_CAPS_DEL', 'QEMU_CAPS_PIIX3_USB_UHCI', 'QEMU_CAPS_LAST'] */
  test_harness_args?: string[]
  arch: string
  /** machine family: pc, q35, virt, pseries, s390-ccw-virtio, isapc */
  machine: string
  machine_type?: string
  caps?: string
  /** the QEMU version of the capability set the test ran with, e.g. `10.0.0` */
  caps_qemu_version?: string
  /** capability flags the test removed, as the caps files name them (11.3 corpus) */
  caps_flags_removed?: string[]
  parse_flags: string[]
  expect: 'ok' | 'error'
  /** libvirt's message, for error cases */
  error?: string
  tags?: string[]
}

/** One corpus case on disk. */
export interface CorpusCase {
  name: string
  dir: string
  meta: CaseMeta
}

/** The folder of this repository (three levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** One corpus the runner scores: where it is, the libvirt release it is from, its baseline. */
export interface Corpus {
  /** the release the corpus comes from, and the profile the engine runs it with */
  libvirtVersion: '9.9' | '11.3'
  /** environment variable overriding the folder */
  env: string
  /** folder name under `../shared/conformance` beside the repository */
  folder: string
  /** baseline file name in packages/conformance */
  baseline: string
}

/** The corpora, oldest release first. */
export const CORPORA: readonly Corpus[] = [
  { libvirtVersion: '9.9', env: 'DEVADDR_CONFORMANCE_DIR', folder: 'libvirt', baseline: 'passing.txt' },
  { libvirtVersion: '11.3', env: 'DEVADDR_CONFORMANCE_DIR_11_3', folder: 'libvirt-11.3', baseline: 'passing-11.3.txt' },
]

/**
 * A corpus's folder: its environment variable (`DEVADDR_CONFORMANCE_DIR` for the 9.9 corpus,
 * `DEVADDR_CONFORMANCE_DIR_11_3` for 11.3), or `../shared/conformance/<folder>` beside the
 * repository.
 */
export function corpusDir(env: NodeJS.ProcessEnv = process.env, corpus: Corpus = CORPORA[0]!): string {
  const fromEnv = env[corpus.env]
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(REPO_ROOT, '..', 'shared', 'conformance', corpus.folder)
}

/** Whether `dir` looks like the corpus (it has a `cases/` folder). */
export function isCorpusDir(dir: string): boolean {
  return existsSync(join(dir, 'cases'))
}

/** Reads every case's meta.json, sorted by case name (code-unit order, locale-independent). */
export async function loadCases(dir: string): Promise<CorpusCase[]> {
  const casesDir = join(dir, 'cases')
  const names = (await readdir(casesDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort(compareNames)
  return Promise.all(
    names.map(async (name) => {
      const caseDir = join(casesDir, name)
      const meta = JSON.parse(await readFile(join(caseDir, 'meta.json'), 'utf8')) as CaseMeta
      return { name, dir: caseDir, meta }
    }),
  )
}

/** Sort order of case names, here and in passing.txt. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
