/**
 * Benchmark of the studio with a generated 1,000-device domain: import (engine in the worker,
 * layout, paint), the same with repeats expanded, drag responsiveness, a pan at fit zoom, an
 * address edit and a palette add. Prints figures; it asserts nothing.
 * Run: pnpm --filter @devaddr/studio bench  [-- --devices N]
 *
 * "in the page" figures run from the user's action (the event's timeStamp) to just after the
 * frame that shows its result (the studio's `render.paintedAt`), both on the page's clock; the
 * "wall" figures add Playwright's round trips.
 *
 * Builds the studio for production (figures from React's development build would mislead),
 * serves it with `vite preview` and drives Debian's chromium (CHROMIUM_PATH to override).
 */
import type { Page } from '@playwright/test'

import { bigDomain } from './bigDomain.ts'
import { previewStudio } from './previewStudio.ts'

const argDevices = process.argv.indexOf('--devices')
const N = argDevices > 0 ? Number(process.argv[argDevices + 1]) : 1000

/** Starts counting long tasks (main thread blocked > 50 ms) and frame gaps. */
async function startProbe(page: Page): Promise<void> {
  // note: a string, because tsx's keepNames helpers do not exist inside the page
  await page.evaluate(`(() => {
    const probe = { longTasks: [], frames: [], views: 0, stop: false }
    window.__probe = probe
    let view = document.querySelector('.react-flow__viewport')?.style.transform
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push(e.duration)
    }).observe({ type: 'longtask' })
    let last = performance.now()
    requestAnimationFrame(function tick(t) {
      probe.frames.push(t - last)
      last = t
      const v = document.querySelector('.react-flow__viewport')?.style.transform
      if (v !== view) probe.views++
      view = v
      if (!probe.stop) requestAnimationFrame(tick)
    })
  })()`)
}

async function stopProbe(page: Page): Promise<{ longTasks: number[]; frames: number[]; views: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __probe: { longTasks: number[]; frames: number[]; views: number; stop: boolean } }
    w.__probe.stop = true
    return { longTasks: w.__probe.longTasks, frames: w.__probe.frames, views: w.__probe.views }
  })
}

/** Notes in the page when the next `type` event reaches the document (its timeStamp). */
async function armAction(page: Page, type: 'click' | 'change'): Promise<void> {
  await page.evaluate(`(() => {
    window.__actionAt = undefined
    document.addEventListener('${type}', (e) => { window.__actionAt = e.timeStamp }, { capture: true, once: true })
  })()`)
}

/** From the armed action to just after the frame that painted the last drawing, in the page. */
async function actionToPaint(page: Page): Promise<number> {
  return page.evaluate(() => {
    const at = (window as unknown as { __actionAt?: number }).__actionAt
    const painted = window.__devaddr?.render?.paintedAt
    return at === undefined || painted === undefined ? NaN : painted - at
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
async function panLoop(page: Page, steps = 60): Promise<{ frames: number[]; longTasks: number[]; views: number; ms: number }> {
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
  return { frames: probe.frames.slice(1), longTasks: probe.longTasks, views: probe.views, ms }
}

/** An empty root port (libvirt's spare) to move a device to: edits never move other devices. */
async function emptyPort(page: Page, fallbackId: string): Promise<number> {
  return page.evaluate((fallback) => {
    const devices = window.__devaddr!.devices
    const used = new Set(devices.flatMap((d) => (d.address?.type === 'pci' ? [(d.address as { bus: number }).bus] : [])))
    const empty = devices.find((d) => d.model === 'pcie-root-port' && d.index !== undefined && d.index !== null && !used.has(d.index))
    return empty?.index ?? (devices.find((d) => d.id === fallback)!.address as { bus: number }).bus
  }, fallbackId)
}

/**
 * Moves `id` (selected, so the inspector shows it) to bus `bus` through the inspector's address
 * fields and prints how long until the canvas showed the result.
 */
async function timedMove(page: Page, id: string, bus: number, label: string): Promise<void> {
  await page.getByTestId('addr-bus').fill(bus.toString(16))
  await page.getByTestId('addr-slot').fill('0')
  await page.getByTestId('addr-function').fill('0')
  const seq = await renderSeq(page)
  await startProbe(page)
  await armAction(page, 'click')
  const t0 = Date.now()
  await page.getByTestId('addr-apply').click()
  await page.waitForFunction((before) => (window.__devaddr?.render?.seq ?? 0) > before || window.__devaddr?.notice?.kind === 'error', seq, {
    timeout: 120_000,
  })
  const wall = Date.now() - t0
  const probe = await stopProbe(page)
  const inPage = await actionToPaint(page)
  const moved = await page.evaluate((d) => window.__devaddr!.devices.find((x) => x.id === d)?.xmlAddress, id)
  const refused = await page.evaluate(() => window.__devaddr!.notice?.text)
  console.log(`  move ${id} to the empty port, bus ${bus}${label} (now at ${moved}${refused ? `; refused: ${refused}` : ''})`)
  const parts = await page.evaluate(() => ({ engine: window.__devaddr?.engineMs ?? 0, layout: window.__devaddr?.render?.layoutMs ?? 0 }))
  if (!refused)
    console.log(
      `    click → painted, in the page ${f(inPage)} (wall ${f(wall)}; of it engine ${f(parts.engine)} in the worker, layout ${f(parts.layout)})`,
    )
  console.log(`    main-thread long tasks  ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)
}

/** Brings the whole drawing into view with the canvas's fit button, as a user would. */
async function fitView(page: Page): Promise<number> {
  await page.locator('.react-flow__controls-fitview').click()
  await page.waitForTimeout(500)
  return page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a)
}

async function main(): Promise<void> {
  const studio = await previewStudio({ tmpPrefix: 'devaddr-studio-bench-' })
  const { base: BASE, browser } = studio
  try {
    let page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
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
    await page.evaluate(() => window.__devaddr?.select?.('disk0'))
    await timedMove(page, 'disk0', await emptyPort(page, 'disk2'), '')

    // 3. every device drawn
    seq = await renderSeq(page)
    await startProbe(page)
    t0 = Date.now()
    // note: an older studio has the toggle in the toolbar, not in a View menu
    const viewMenu = () => page.getByTestId('view-menu').locator('summary')
    const inMenu = (await viewMenu().count()) > 0
    if (inMenu) await viewMenu().click()
    await page.getByTestId('toggle-collapse').click()
    await waitRender(page, seq)
    if (inMenu) await viewMenu().click()
    wall = Date.now() - t0
    probe = await stopProbe(page)
    const s2 = await page.evaluate(() => window.__devaddr!)
    console.log(`\nrepeats expanded (every device drawn)`)
    console.log(`  nodes drawn               ${s2.render!.nodeCount}`)
    console.log(`  layout (elk worker)       ${f(s2.render!.layoutMs)}`)
    console.log(`  toggle → painted          ${f(wall)}`)
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)

    // 4. first paint of a document with every device drawn: the same domain under another name, in a
    // fresh page (no autosave, nothing cached: a new engine worker, an empty layout cache), repeats
    // expanded on its default example first
    await page.close()
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    await page.goto(BASE)
    await page.waitForFunction(() => window.__devaddr?.status === 'ready' && window.__devaddr.render !== null, null, { timeout: 60_000 })
    seq = await renderSeq(page)
    if (inMenu) await viewMenu().click()
    await page.getByTestId('toggle-collapse').click()
    await waitRender(page, seq)
    if (inMenu) await viewMenu().click()
    const name2 = `${name}-expanded`
    const xml2 = xml.replace(`<name>${name}</name>`, `<name>${name2}</name>`)
    seq = await renderSeq(page)
    await startProbe(page)
    await armAction(page, 'change')
    t0 = Date.now()
    await page.getByTestId('file-input').setInputFiles({ name: `${name2}.xml`, mimeType: 'application/xml', buffer: Buffer.from(xml2) })
    await waitShown(page, seq, name2)
    wall = Date.now() - t0
    probe = await stopProbe(page)
    let inPage = await actionToPaint(page)
    const s3 = await page.evaluate(() => window.__devaddr!)
    console.log(`\nimport with repeats expanded (first paint of every device)`)
    console.log(`  nodes drawn               ${s3.render!.nodeCount}`)
    console.log(`  engine (worker)           ${f(s3.engineMs ?? 0)}`)
    console.log(`  layout (elk worker)       ${f(s3.render!.layoutMs)}`)
    console.log(`  file chosen → painted     in the page ${f(inPage)} (wall ${f(wall)})`)
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)

    // 5. pan the whole drawing at fit zoom
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
    console.log(`  frames showing a new view ${pan.views} in ${f(pan.ms)} (${((pan.views * 1000) / pan.ms).toFixed(0)} fps)`)
    console.log(`  main-thread long tasks    ${pan.longTasks.length} (longest ${f(Math.max(0, ...pan.longTasks))})`)

    // 6. address edits with every device drawn: at fit zoom, then at reading zoom
    // note: before the palette add, which takes the empty port; the second move takes the port the first one freed
    console.log(`\naddress edit, every device drawn`)
    await page.evaluate(() => window.__devaddr?.select?.('disk0'))
    await page.waitForTimeout(300)
    const editZoom = await fitView(page)
    await timedMove(page, 'disk0', await emptyPort(page, 'disk2'), ` at fit zoom ${editZoom.toFixed(2)}`)
    await page.evaluate(() => window.__devaddr?.select?.('disk1'))
    await page.waitForFunction(
      () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a > 0.79,
      null,
      { timeout: 10_000 },
    )
    await page.waitForTimeout(300)
    const readZoom = await page.evaluate(
      () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
    )
    await timedMove(page, 'disk1', await emptyPort(page, 'disk2'), ` at zoom ${readZoom.toFixed(2)}`)

    // 7. add a device from the palette (the engine places it), every device drawn, at fit zoom
    await page.evaluate(() => window.__devaddr?.select?.(null))
    const fitZoom = await fitView(page)
    seq = await renderSeq(page)
    const before = await page.evaluate(() => window.__devaddr!.devices.length)
    await startProbe(page)
    await armAction(page, 'click')
    t0 = Date.now()
    await page.getByTestId('palette-nic-virtio').click()
    await page.waitForFunction(
      ([s0, n0]) =>
        ((window.__devaddr?.render?.seq ?? 0) > (s0 as number) && window.__devaddr!.devices.length > (n0 as number)) ||
        window.__devaddr?.notice?.kind === 'error',
      [seq, before] as const,
      { timeout: 120_000 },
    )
    wall = Date.now() - t0
    probe = await stopProbe(page)
    inPage = await actionToPaint(page)
    const added = await page.evaluate(() => window.__devaddr!.devices.find((d) => d.id.startsWith('new-'))?.xmlAddress)
    console.log(`\nadd a virtio NIC from the palette, every device drawn, fit zoom ${fitZoom.toFixed(2)} (placed at ${added})`)
    const parts = await page.evaluate(() => ({ engine: window.__devaddr?.engineMs ?? 0, layout: window.__devaddr?.render?.layoutMs ?? 0 }))
    console.log(
      `  click → painted, in the page ${f(inPage)} (wall ${f(wall)}; of it engine ${f(parts.engine)} in the worker, layout ${f(parts.layout)})`,
    )
    console.log(`  main-thread long tasks    ${probe.longTasks.length} (longest ${f(Math.max(0, ...probe.longTasks))})`)
  } finally {
    await studio.close()
  }
}

await main()
