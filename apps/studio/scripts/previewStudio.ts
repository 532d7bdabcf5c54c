/**
 * The studio built into a fresh directory, served by `vite preview` and opened in Debian's
 * Chromium: what the bench (bench-render.ts) and the edit profiler (profile-edit.ts) drive.
 * DEVADDR_BENCH_PORT picks the port, so two checkouts can run at once; CHROMIUM_PATH the browser.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { type Browser, chromium } from '@playwright/test'

const PORT = Number(process.env['DEVADDR_BENCH_PORT'] ?? 5176)
const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium'

export interface PreviewedStudio {
  /** the studio's URL */
  base: string
  browser: Browser
  /** closes the browser, stops the server and removes the build */
  close: () => Promise<void>
}

/**
 * Builds for production (React's development build would mislead), serves and opens a browser.
 * @param minify false keeps function names readable in a profile
 */
export async function previewStudio(options: { tmpPrefix: string; minify?: boolean }): Promise<PreviewedStudio> {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const outDir = mkdtempSync(join(tmpdir(), options.tmpPrefix))
  const minify = options.minify === false ? ['--minify', 'false'] : []
  const build = spawnSync('pnpm', ['exec', 'vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error', ...minify], {
    cwd,
    stdio: 'inherit',
  })
  if (build.status !== 0) throw new Error('vite build failed')
  const server = spawn('pnpm', ['exec', 'vite', 'preview', '--outDir', outDir, '--port', String(PORT), '--strictPort'], {
    cwd,
    stdio: 'ignore',
    detached: true,
  })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
  const close = async () => {
    await browser.close()
    try {
      if (server.pid) process.kill(-server.pid)
    } catch {
      // already gone
    }
    rmSync(outDir, { recursive: true, force: true })
  }
  const base = `http://127.0.0.1:${PORT}`
  try {
    await waitForServer(base)
  } catch (e) {
    await close()
    throw e
  }
  return { base, browser, close }
}

async function waitForServer(url: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${ms} ms`)
}
