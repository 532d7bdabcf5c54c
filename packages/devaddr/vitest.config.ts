import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'devaddr', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] },
})
