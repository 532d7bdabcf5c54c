#!/usr/bin/env node
// The devaddr command: runs the bundled build in dist/ (see scripts/build.mjs).
// note: inside the repository the sources sit beside it; when one is newer than the bundle
// (or there is none yet) it is rebuilt first (~0.3 s), so `pnpm devaddr` never runs stale code.
// An installed package has no sources and skips the check.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')
const bundle = join(pkg, 'dist', 'devaddr.mjs')
const sources = [join(pkg, 'src'), join(pkg, '..', 'formats', 'src'), join(pkg, '..', 'devaddr', 'src')]

/** The newest modification time under `dir`, in ms; 0 when it does not exist. */
function newest(dir) {
  if (!existsSync(dir)) return 0
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs)
  }
  return latest
}

if (existsSync(join(pkg, 'scripts', 'build.mjs'))) {
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0
  if (sources.some((dir) => newest(dir) > built)) {
    const { buildCli } = await import('../scripts/build.mjs')
    await buildCli()
  }
}
await import('../dist/devaddr.mjs')
