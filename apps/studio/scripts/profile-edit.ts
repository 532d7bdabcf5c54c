/**
 * Where the time of one edit goes, with every device of a generated 1,000-device domain drawn:
 * records a Chromium trace (all threads, with V8's sampling profiler) from the click to the
 * painted result and prints, per thread, the tasks of that window and the functions that took
 * the most of it. For finding what to make faster; the bench (bench-render.ts) gives the figures.
 * Run: pnpm --filter @devaddr/studio exec tsx scripts/profile-edit.ts [--edit move|palette|toggle] [--zoom fit|read] [--trace FILE]
 *
 * Builds without minifying (function names stay readable), React's production build all the same.
 */
import { writeFileSync } from 'node:fs'

import { bigDomain } from './bigDomain.ts'
import { previewStudio } from './previewStudio.ts'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : fallback
}
const EDIT = arg('edit', 'move')
const ZOOM = arg('zoom', 'fit')
const TRACE_FILE = arg('trace', '')
const SAMPLES = !process.argv.includes('--no-samples')

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  id?: string
  args?: Record<string, unknown>
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  parent?: number
}

/** Self time per function and per thread, from the trace's ProfileChunk samples inside [t0, t1]. */
function samplesByThread(events: TraceEvent[], t0: number, t1: number): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  const profiles = new Map<string, { tid: string; time: number; nodes: Map<number, ProfileNode> }>()
  for (const e of events) {
    if (e.name === 'Profile') {
      const data = e.args?.['data'] as { startTime: number }
      profiles.set(`${e.pid}:${e.id}`, { tid: `${e.pid}:${e.tid}`, time: data.startTime, nodes: new Map() })
    } else if (e.name === 'ProfileChunk') {
      const p = profiles.get(`${e.pid}:${e.id}`)
      if (!p) continue
      const data = e.args?.['data'] as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] }
      for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n)
      const samples = data.cpuProfile?.samples ?? []
      const deltas = data.timeDeltas ?? []
      let byFn = out.get(p.tid)
      if (!byFn) out.set(p.tid, (byFn = new Map()))
      samples.forEach((s, i) => {
        p.time += deltas[i] ?? 0
        const next = (deltas[i + 1] ?? 0) / 1000
        if (p.time < t0 || p.time > t1) return
        const node = p.nodes.get(s)
        const cf = node?.callFrame
        const name = cf ? `${cf.functionName || '(anonymous)'} ${(cf.url ?? '').split('/').pop() ?? ''}:${cf.lineNumber + 1}` : '?'
        if (name.startsWith('(idle)')) return
        byFn.set(name, (byFn.get(name) ?? 0) + next)
      })
    }
  }
  return out
}

async function main(): Promise<void> {
  const studio = await previewStudio({ tmpPrefix: 'devaddr-studio-profile-', minify: false })
  const { base: BASE, browser } = studio
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(BASE)
    const ready = () => page.waitForFunction(() => window.__devaddr?.status === 'ready' && window.__devaddr.render !== null)
    await ready()
    const seqNow = () => page.evaluate(() => window.__devaddr?.render?.seq ?? 0)
    const waitSeq = (s: number) =>
      page.waitForFunction((s0) => window.__devaddr?.status === 'ready' && (window.__devaddr.render?.seq ?? 0) > s0, s, {
        timeout: 120_000,
      })
    let seq = await seqNow()
    await page.getByTestId('view-menu').locator('summary').click()
    await page.getByTestId('toggle-collapse').click()
    await waitSeq(seq)
    await page.getByTestId('view-menu').locator('summary').click()
    seq = await seqNow()
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'big.xml', mimeType: 'application/xml', buffer: Buffer.from(bigDomain(1000)) })
    await waitSeq(seq)
    await page.waitForTimeout(500)
    if (EDIT !== 'palette') await page.evaluate((id) => window.__devaddr?.select?.(id), ZOOM === 'read' ? 'disk1' : 'disk0')
    await page.waitForTimeout(800)
    if (ZOOM === 'fit') {
      await page.locator('.react-flow__controls-fitview').click()
      await page.waitForTimeout(500)
    }
    const bus = await page.evaluate(() => {
      const devices = window.__devaddr!.devices
      const used = new Set(devices.flatMap((d) => (d.address?.type === 'pci' ? [(d.address as { bus: number }).bus] : [])))
      return devices.find((d) => d.model === 'pcie-root-port' && d.index !== null && !used.has(d.index))!.index!
    })
    if (EDIT === 'move') {
      await page.getByTestId('addr-bus').fill(bus.toString(16))
      await page.getByTestId('addr-slot').fill('0')
      await page.getByTestId('addr-function').fill('0')
    }
    const cdp = await page.context().newCDPSession(page)
    const events: TraceEvent[] = []
    cdp.on('Tracing.dataCollected', (m: { value: TraceEvent[] }) => events.push(...m.value))
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
    console.log(
      `zoom before the edit ${(await page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a)).toFixed(2)}, ${await page.evaluate(() => document.querySelectorAll('.react-flow__node').length)} nodes in the DOM`,
    )
    await cdp.send('Tracing.start', {
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          ...(SAMPLES ? ['disabled-by-default-v8.cpu_profiler'] : []),
          'blink.user_timing',
        ],
      },
      transferMode: 'ReportEvents',
    })
    await page.waitForTimeout(300)
    seq = await seqNow()
    await page.evaluate(() => performance.mark('edit-click'))
    if (EDIT === 'move') await page.getByTestId('addr-apply').click()
    else if (EDIT === 'toggle') {
      await page.getByTestId('view-menu').locator('summary').click()
      await page.getByTestId('toggle-collapse').click()
    } else await page.getByTestId('palette-nic-virtio').click()
    await waitSeq(seq)
    await page.evaluate(() => performance.mark('edit-painted'))
    await page.waitForTimeout(200)
    await cdp.send('Tracing.end')
    await done
    const zoomAfter = await page.evaluate(
      () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
    )
    console.log(
      `zoom after the edit ${zoomAfter.toFixed(2)}, ${await page.evaluate(() => document.querySelectorAll('.react-flow__node').length)} nodes in the DOM`,
    )
    const inPage = await page.evaluate(() => {
      const [a] = performance.getEntriesByName('edit-click')
      return { paintedAt: window.__devaddr!.render!.paintedAt, clickMark: a!.startTime, engineMs: window.__devaddr!.engineMs }
    })
    if (TRACE_FILE) writeFileSync(TRACE_FILE, JSON.stringify({ traceEvents: events }))

    const names = new Map<string, string>()
    for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String((e.args as { name: string }).name))
    const mark = (n: string) => events.find((e) => e.name === n && e.cat.includes('user_timing'))
    const click = events.find((e) => e.name === 'EventDispatch' && (e.args?.['data'] as { type?: string })?.type === 'click')
    const t0 = click?.ts ?? mark('edit-click')!.ts
    const t1 = t0 + (inPage.paintedAt - inPage.clickMark) * 1000
    console.log(`${EDIT} at ${ZOOM} zoom: click → painted ≈ ${Math.round((t1 - t0) / 1000)} ms (engine ${inPage.engineMs} ms)`)
    const tasks = events.filter(
      (e) => e.name === 'RunTask' && e.ph === 'X' && e.ts + (e.dur ?? 0) >= t0 && e.ts <= t1 && (e.dur ?? 0) > 2000,
    )
    const byThread = new Map<string, TraceEvent[]>()
    for (const t of tasks) {
      const k = `${t.pid}:${t.tid}`
      byThread.set(k, [...(byThread.get(k) ?? []), t])
    }
    const samples = samplesByThread(events, t0, t1)
    for (const [k, ts] of byThread) {
      const name = names.get(k) ?? k
      if (!/CrRendererMain|Worker|Compositor/.test(name)) continue
      console.log(`\n${name}: ${ts.length} tasks over 2 ms, ${Math.round(ts.reduce((a, t) => a + (t.dur ?? 0), 0) / 1000)} ms`)
      for (const t of ts) console.log(`  +${Math.round((t.ts - t0) / 1000)} ms  ${Math.round((t.dur ?? 0) / 1000)} ms`)
      const fns = [...(samples.get(k) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]).slice(0, 30)
      for (const [fn, ms] of fns) console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${fn}`)
    }
  } finally {
    await studio.close()
  }
}

await main()
