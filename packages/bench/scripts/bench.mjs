#!/usr/bin/env node
// `pnpm bench`: bundles the bench with esbuild and runs the bundle, so that it times the engine
// and formats as users run them (compiled JavaScript, as the packages ship and the CLI bundles
// them). Run under tsx instead, the figures were up to twice as high: tsx compiles with
// keepNames, which wraps every function created at run time (the engine's closures) in a call.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const outfile = join(here, '..', 'dist', 'bench.mjs')

await build({
  entryPoints: [join(here, '..', 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // note: the workspace packages' source, not their dist/ (which may be absent or stale)
  conditions: ['@devaddr/source'],
  // note: a CommonJS dependency bundled into ESM calls require() for Node built-ins
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
})
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 1)
