import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'parity', include: ['src/**/*.test.ts'] },
})
