import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * `pnpm test:unit`: every package's unit tests in one Vitest run, so the two cores of a CI
 * machine are shared by one pool of workers instead of one pool per package.
 * Each package keeps its own config (and `pnpm --filter <pkg> test`).
 */
export default defineConfig({
  // note: the root's conditions are the ones Vitest hands its worker processes (`--conditions`), so
  // worker threads and child processes started by tests resolve workspace packages to source too
  ssr: { resolve: { conditions: ['@devaddr/source', 'module', 'node', 'development|production'] } },
  test: {
    projects: [here('./packages/*'), here('./apps/studio')],
  },
})
