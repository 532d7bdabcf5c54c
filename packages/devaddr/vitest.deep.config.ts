import { defineConfig } from 'vitest/config'

/** `pnpm test:deep`: the property checks on 10^6 generated domains (see src/deep/runDeep.ts). */
export default defineConfig({
  test: {
    include: ['src/deep/*.deep.ts'],
    testTimeout: 3_600_000,
    // note: Vitest's default is one worker fewer than the cores, which on a 2-core machine runs the
    // two deep files one after the other; they are CPU-bound and independent, so both run at once
    maxWorkers: 2,
    minWorkers: 2,
  },
})
