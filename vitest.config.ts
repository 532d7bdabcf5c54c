import { defineConfig } from 'vitest/config'

/**
 * `pnpm test:unit`: every package's unit tests in one Vitest run, so the two cores of a CI
 * machine are shared by one pool of workers instead of one pool per package.
 * Each package keeps its own config (and `pnpm --filter <pkg> test`).
 */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/studio'],
  },
})
