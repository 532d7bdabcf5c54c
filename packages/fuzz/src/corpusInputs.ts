import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..')

/** One corpus input the fuzzer mutates. */
export interface SeedInput {
  /** `<corpus>/<case>`, for reports */
  name: string
  text: string
}

/**
 * The corpora to mutate: `$DEVADDR_FUZZ_CORPORA` (paths joined by `:`), else libvirt 9.9's and
 * 11.3's test corpora in `../shared/conformance/` beside the repository. Read in place, never copied.
 */
export function corpusDirs(): string[] {
  const fromEnv = process.env.DEVADDR_FUZZ_CORPORA
  if (fromEnv) return fromEnv.split(':').filter((d) => d !== '')
  const shared = resolve(REPO_ROOT, '..', 'shared', 'conformance')
  return ['libvirt', 'libvirt-11.3'].map((d) => join(shared, d))
}

/** Every case input of every corpus that exists, in a fixed order (so a seed means the same mutants). */
export function loadSeedInputs(dirs: readonly string[] = corpusDirs()): SeedInput[] {
  const inputs: SeedInput[] = []
  for (const dir of dirs) {
    const cases = join(dir, 'cases')
    if (!existsSync(cases)) continue
    const corpus = dir.split('/').pop() ?? dir
    for (const name of readdirSync(cases).sort()) {
      const file = join(cases, name, 'input.xml')
      if (existsSync(file)) inputs.push({ name: `${corpus}/${name}`, text: readFileSync(file, 'utf8') })
    }
  }
  return inputs
}
