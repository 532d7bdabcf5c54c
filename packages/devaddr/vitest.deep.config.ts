import { defineConfig } from 'vitest/config'

/** `pnpm test:deep`: the property checks on 10^6 generated domains (see src/deep/runDeep.ts). */
export default defineConfig({
  test: {
    include: ['src/deep/*.deep.ts'],
    testTimeout: 3_600_000,
  },
})
