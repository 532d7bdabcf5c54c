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

/**
 * The corpus folder: `DEVADDR_CONFORMANCE_DIR`, or `../shared/conformance/libvirt` beside the
 * repository.
 */
export function corpusDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DEVADDR_CONFORMANCE_DIR
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(REPO_ROOT, '..', 'shared', 'conformance', 'libvirt')
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
