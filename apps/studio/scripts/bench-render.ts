/**
 * Benchmark of the studio with a generated 1,000-device domain: import (engine in the worker,
 * layout, paint), the same with repeats expanded, and drag responsiveness. Prints figures; it
 * asserts nothing. Run: pnpm --filter @devaddr/studio bench  [-- --devices N]
 *
 * Builds the studio for production (figures from React's development build would mislead),
 * serves it with `vite preview` and drives Debian's chromium (CHROMIUM_PATH to override).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { chromium, type Page } from '@playwright/test'

import { bigDomain } from './bigDomain.ts'

// note: DEVADDR_BENCH_PORT lets two checkouts run the bench at once; the build goes to a fresh directory
const PORT = Number(process.env['DEVADDR_BENCH_PORT'] ?? 5176)
const BASE = `http://127.0.0.1:${PORT}`
const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium'
const argDevices = process.argv.indexOf('--devices')
const N = argDevices > 0 ? Number(process.argv[argDevices + 1]) : 1000

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

/** Starts counting long tasks (main thread blocked > 50 ms) and frame gaps. */
async function startProbe(page: Page): Promise<void> {
  // note: a string, because tsx's keepNames helpers do not exist inside the page
  await page.evaluate(`(() => {
    const probe = { longTasks: [], frames: [], stop: false }
    window.__probe = probe
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push(e.duration)
    }).observe({ type: 'longtask' })
    let last = performance.now()
    requestAnimationFrame(function tick(t) {
      probe.frames.push(t - last)
      last = t
      if (!probe.stop) requestAnimationFrame(tick)
    })
  })()`)
}

async function stopProbe(page: Page): Promise<{ longTasks: number[]; frames: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __probe: { longTasks: number[]; frames: number[]; stop: boolean } }
    w.__probe.stop = true
    return { longTasks: w.__probe.longTasks, frames: w.__probe.frames }
  })
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
const f = (n: number) => `${Math.round(n)} ms`

async function renderSeq(page: Page): Promise<number> {
  return page.evaluate(() => window.__devaddr?.render?.seq ?? 0)
}
async function waitRender(page: Page, after: number, name?: string): Promise<void> {
  await page.waitForFunction(
    ([seq, n]) =>
      window.__devaddr?.status === 'ready' &&
      (window.__devaddr.render?.seq ?? 0) > (seq as number) &&
      (n === undefined || window.__devaddr.sourceName === n),
    [after, name] as const,
    { timeout: 120_000 },
  )
}

/**
 * Waits until the imported document is shown: drawn (`ready`), or refused by the engine
 * (`error`, drawn with its devices at fault marked, or an error panel).
 * @returns the engine's message when it refused the domain
 */
async function waitShown(page: Page, after: number, name: string): Promise<string | undefined> {
  await page.waitForFunction(
    ([seq, n]) => {
      const s = window.__devaddr
      if (!s || s.sourceName !== n) return false
      return (s.status === 'ready' && (s.render?.seq ?? 0) > (seq as number)) || (s.status === 'error' && s.error !== null)
    },
    [after, name] as const,
    { timeout: 120_000 },
  )
  return page.evaluate(() => (window.__devaddr?.status === 'error' ? window.__devaddr.error?.message : undefined))
}

/** Frame times while the pane is dragged in a loop from an empty corner of the canvas. */
async function panLoop(page: Page, steps = 60): Promise<{ frames: number[]; longTasks: number[]; ms: number }> {
  const box = (await page.getByTestId('canvas').boundingBox())!
  const x0 = box.x + 8
  const y0 = box.y + 8
  await startProbe(page)
  const t0 = Date.now()
  await page.mouse.move(x0, y0)
  await page.mouse.down()
  for (let i = 1; i <= steps; i++) {
    const angle = (i / steps) * 2 * Math.PI
    await page.mouse.move(x0 + 150 * Math.sin(angle), y0 + 100 * (1 - Math.cos(angle)))
  }
  await page.mouse.up()
  const ms = Date.now() - t0
  const probe = await stopProbe(page)
  return { frames: probe.frames.slice(1), longTasks: probe.longTasks, ms }
}

async function main(): Promise<void> {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const outDir = mkdtempSync(join(tmpdir(), 'devaddr-studio-bench-'))
  const build = spawnSync('pnpm', ['exec', 'vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
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
  try {
    await waitForServer(BASE)
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(BASE)
    await page.waitForFunction(() => window.__devaddr?.status === 'ready' && window.__devaddr.render !== null, null, { timeout: 60_000 })

    const xml = bigDomain(N)
    const name = `big-${N}`
    console.log(`devaddr studio bench: ${N} input devices (${Math.round(xml.length / 1024)} KB of XML), chromium ${browser.version()}`)

    // 1. import, repeats collapsed (the default)
    let seq = await renderSeq(page)
    await startProbe(page)
    let t0 = Date.now()
    await page.getByTestId('file-input').setInputFiles({ name: `${name}.xml`, mimeType: 'application/xml', buffer: Buffer.from(xml) })
    const refusal = await waitShown(page, seq, name)
    let wall = Date.now() - t0
    let probe = await stopProbe(page)
    const s1 = await page.evaluate(() => window.__devaddr!)
    if (refusal !== undefined) {
      // note: a domain libvirt would reject is a result too: report it, skip what needs an expansion
      console.log(`\nimport: the engine refused this domain (as libvirt would):\n  ${refusal.split('\n').join('\n  ')}`)
      console.log(`  engine (worker)           ${f(s1.engineMs ?? 0)}`)
      console.log(`  file chosen → refusal shown ${f(wall)}`)
      console.log('\ndrag, edit and repeats-expanded figures skipped: the domain has no expansion')
      return
    }
    console.log(`\nimport, repeats collapsed`)
    console.log(`  devices after expansion   ${s1.devices.length}`)
    console.log(`  engine (worker)           ${f(s1.engineMs ?? 0)}`)
    console.log(`  layout (elk worker)       ${s1.render ? f(s1.render.layoutMs) : '-'}`)
    console.log(`  nodes drawn               ${s1.render?.nodeCount ?? '-'}`)
    console.log(`  file chosen → painted     ${f(wall)}`)
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)
    // 2. drag a device card around (frame times while dragging), then move it through the engine
    await page.waitForTimeout(300)
    const card = page.locator('[data-testid="device-node"][data-device-id="disk0"]')
    // note: the import fits a big drawing as an overview (bare boxes); select disk0 to bring it close, as a user would
    await page.evaluate(() => window.__devaddr?.select?.('disk0'))
    await page.waitForTimeout(500)
    await page.waitForFunction(() => document.querySelector('[data-device-id="disk0"]:not([data-lod])') !== null, null, { timeout: 10_000 })
    const a = (await card.boundingBox())!
    await startProbe(page)
    const x0 = a.x + a.width / 2
    const y0 = a.y + 10
    await page.mouse.move(x0, y0)
    await page.mouse.down()
    const steps = 60
    const moveStart = Date.now()
    for (let i = 1; i <= steps; i++) {
      const angle = (i / steps) * 2 * Math.PI
      await page.mouse.move(x0 + 120 * Math.sin(angle), y0 + 80 * (1 - Math.cos(angle)))
    }
    const moveMs = Date.now() - moveStart
    await page.mouse.up() // back where it started: snaps back, no engine run
    probe = await stopProbe(page)
    const frames = probe.frames.slice(1)
    console.log(`\ndrag disk0 in a loop (${steps} pointer moves) and drop it home`)
    console.log(`  pointer moves             ${f(moveMs)} (${(moveMs / steps).toFixed(1)} ms per move)`)
    console.log(
      `  frame time                median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${pct(frames, 100).toFixed(1)} ms`,
    )
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)

    // the same move as a drop commits it: an address edit run by the engine, laid out and painted
    // note: edits never move other devices, so the target is an empty root port (libvirt's spare)
    const disk2 = await page.evaluate(() => {
      const devices = window.__devaddr!.devices
      const used = new Set(devices.flatMap((d) => (d.address?.type === 'pci' ? [(d.address as { bus: number }).bus] : [])))
      const empty = devices.find((d) => d.model === 'pcie-root-port' && d.index !== undefined && !used.has(d.index))
      return { bus: empty?.index ?? (devices.find((d) => d.id === 'disk2')!.address as { bus: number }).bus }
    })
    await page.evaluate(() => window.__devaddr?.select?.('disk0'))
    await page.getByTestId('addr-bus').fill(disk2.bus.toString(16))
    await page.getByTestId('addr-slot').fill('0')
    await page.getByTestId('addr-function').fill('0')
    seq = await renderSeq(page)
    await startProbe(page)
    t0 = Date.now()
    await page.getByTestId('addr-apply').click()
    await page.waitForFunction(
      (before) => (window.__devaddr?.render?.seq ?? 0) > before || window.__devaddr?.notice?.kind === 'error',
      seq,
      { timeout: 120_000 },
    )
    const commitMs = Date.now() - t0
    probe = await stopProbe(page)
    const moved = await page.evaluate(() => window.__devaddr!.devices.find((d) => d.id === 'disk0')?.xmlAddress)
    const refused = await page.evaluate(() => window.__devaddr!.notice?.text)
    console.log(
      `  move disk0 to the empty port, bus ${disk2.bus}: edit → engine → layout → painted ${f(commitMs)} (now at ${moved}${refused ? `; refused: ${refused}` : ''})`,
    )
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)

    // 3. every device drawn
    seq = await renderSeq(page)
    await startProbe(page)
    t0 = Date.now()
    // note: an older studio has the toggle in the toolbar, not in a View menu
    const viewMenu = page.getByTestId('view-menu').locator('summary')
    const inMenu = (await viewMenu.count()) > 0
    if (inMenu) await viewMenu.click()
    await page.getByTestId('toggle-collapse').click()
    await waitRender(page, seq)
    if (inMenu) await viewMenu.click()
    wall = Date.now() - t0
    probe = await stopProbe(page)
    const s2 = await page.evaluate(() => window.__devaddr!)
    console.log(`\nrepeats expanded (every device drawn)`)
    console.log(`  nodes drawn               ${s2.render!.nodeCount}`)
    console.log(`  layout (elk worker)       ${f(s2.render!.layoutMs)}`)
    console.log(`  toggle → painted          ${f(wall)}`)
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)

    // 4. pan the whole drawing at fit zoom
    await page.waitForTimeout(300)
    const zoom = await page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a)
    const drawn = await page.evaluate(() => document.querySelectorAll('.react-flow__node').length)
    const pan = await panLoop(page)
    const fps = pan.frames.length / (pan.frames.reduce((a, b) => a + b, 0) / 1000)
    console.log(`\npan at fit zoom ${zoom.toFixed(2)} (${drawn} nodes in the DOM, 60 pointer moves)`)
    console.log(`  pointer moves             ${f(pan.ms)} (${(pan.ms / 60).toFixed(1)} ms per move)`)
    console.log(
      `  frame time                median ${pct(pan.frames, 50).toFixed(1)} ms, p95 ${pct(pan.frames, 95).toFixed(1)} ms (${fps.toFixed(0)} fps)`,
    )
    console.log(`  main-thread long tasks    ${pan.longTasks.length} (longest ${f(Math.max(0, ...pan.longTasks))})`)
  } finally {
    await browser.close()
    if (server.pid) process.kill(-server.pid)
    rmSync(outDir, { recursive: true, force: true })
  }
}

await main()
