#!/usr/bin/env node
// Bundles the CLI (with the engine, formats, commander and yaml) into one JavaScript file,
// dist/devaddr.mjs, so `devaddr` starts like a native tool instead of compiling TypeScript
// at every start. `node scripts/build.mjs` builds; bin/devaddr.js rebuilds when a source is newer.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))

/** Builds dist/devaddr.mjs from src/main.ts. */
export async function buildCli() {
  await build({
    entryPoints: [join(here, '..', 'src', 'main.ts')],
    outfile: join(here, '..', 'dist', 'devaddr.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // note: the workspace packages' source, not their dist/ (which may be absent or stale)
    conditions: ['@devaddr/source'],
    // note: a CommonJS dependency bundled into ESM calls require() for Node built-ins
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli()
