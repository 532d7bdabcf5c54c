import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react()],
  // note: workspace packages resolve to their source (the @devaddr/source export condition), never to dist/
  resolve: { conditions: ['@devaddr/source', 'module', 'browser', 'development|production'] },
  // note: example topologies live in the repo's top-level public/, shared with docs and e2e.
  publicDir: '../../public',
  server: {
    host: '127.0.0.1',
    port: 5173,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
  },
  test: {
    environment: 'happy-dom',
  },
})
