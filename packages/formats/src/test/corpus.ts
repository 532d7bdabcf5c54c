import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One case of the libvirt conformance corpus. */
export interface CorpusCase {
  name: string
  dir: string
  input: string
  /** absent for error cases */
  expected?: string
  meta: { expect: 'ok' | 'error'; arch: string; machine: string; error?: string; tags?: string[] }
}

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..')

/**
 * Where the corpus lives: `$DEVADDR_CONFORMANCE_DIR`, else `<repo>/../shared/conformance/libvirt`.
 * The corpus is read in place and never copied into the repository.
 */
export const CORPUS_DIR = process.env.DEVADDR_CONFORMANCE_DIR ?? resolve(REPO_ROOT, '../shared/conformance/libvirt')

export const corpusAvailable = existsSync(join(CORPUS_DIR, 'cases'))

export const CORPUS_MISSING_MESSAGE = `libvirt conformance corpus not found at ${CORPUS_DIR} (set DEVADDR_CONFORMANCE_DIR): corpus tests skipped`

export function corpusCaseNames(): string[] {
  if (!corpusAvailable) return []
  return readdirSync(join(CORPUS_DIR, 'cases')).sort()
}

export function readCase(name: string): CorpusCase {
  const dir = join(CORPUS_DIR, 'cases', name)
  const expectedPath = join(dir, 'expected.xml')
  const c: CorpusCase = {
    name,
    dir,
    input: readFileSync(join(dir, 'input.xml'), 'utf8'),
    meta: JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as CorpusCase['meta'],
  }
  if (existsSync(expectedPath)) c.expected = readFileSync(expectedPath, 'utf8')
  return c
}
