import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'livecheck', include: ['src/**/*.test.ts'] },
})
