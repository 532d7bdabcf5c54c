import { defineProject } from 'vitest/config'

export default defineProject({
  // note: workspace packages resolve to their source (the @devaddr/source export condition), never to dist/
  ssr: { resolve: { conditions: ['@devaddr/source', 'module', 'node', 'development|production'] } },
  test: { name: 'bench', include: ['src/**/*.test.ts'] },
})
