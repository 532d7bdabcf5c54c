import { readFile } from 'node:fs/promises'

import { expect, test } from '../fixtures/test.ts'

test.describe('export and share', () => {
  test('YAML, JSON and XML of the expansion; PNG and SVG of the diagram', async ({ studio, exportXml }) => {
    await studio.goto()
    await studio.waitReady()

    const yaml = await readFile(await (await studio.toolbar.export('yaml')).path(), 'utf8')
    expect(yaml).toMatch(/^domain: q35-basic$/m)
    expect(yaml).toMatch(/^devices:$/m)
    expect(yaml).toMatch(/- id: disk0/)
    expect(yaml).toMatch(/origin: auto/)

    const json = JSON.parse(await readFile(await (await studio.toolbar.export('json')).path(), 'utf8'))
    expect(json.devices.find((d: { id: string }) => d.id === 'hostdev0').address.type).toBe('pci')

    const xml = await exportXml('export-q35-basic')
    expect(xml).toMatch(/^<domain type='kvm'>/)
    expect(xml).toContain("model='pcie-root-port'")
    expect(xml).toContain('<uuid>5b0a3c1e-2f4d-4e8a-9c61-7d2f0e4b8a10</uuid>')

    const png = await readFile(await (await studio.toolbar.export('png')).path())
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    const svg = await readFile(await (await studio.toolbar.export('svg')).path(), 'utf8')
    // a real SVG: parsed as XML, every element in the SVG namespace, no HTML nor foreignObject
    const parsed = await studio.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      const all = [...doc.getElementsByTagName('*')]
      return {
        error: doc.getElementsByTagName('parsererror').length > 0,
        root: doc.documentElement.localName,
        foreign: all
          .filter((e) => e.namespaceURI !== 'http://www.w3.org/2000/svg' || e.localName === 'foreignObject')
          .map((e) => e.localName),
        edges: all.filter((e) => (e.localName === 'path' || e.localName === 'line') && e.closest('#edges')).length,
        texts: all.filter((e) => e.localName === 'text').map((e) => e.textContent ?? ''),
        legend: doc.getElementById('legend') !== null,
      }
    }, svg)
    expect(parsed).toMatchObject({ error: false, root: 'svg', foreign: [], legend: true })
    expect(parsed.edges).toBeGreaterThan(0)
    expect(parsed.texts).toContain('PCIe root complex (pcie-root) · bus 0')
    expect(parsed.texts).toContain('disk vda')
    expect(parsed.texts.some((t) => /^0000:[0-9a-f]{2}:00\.0$/.test(t))).toBe(true)
  })

  test('a shared link and the autosave restore the document and the edits', async ({ studio, page, context }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.reserveSparePorts(3)
    await expect(studio.canvas.emptyPorts).toHaveCount(3)
    await studio.toolbar.share.click()
    await expect(studio.notice).toContainText('Link copied')
    const url = page.url()
    expect(url).toContain('#s=')

    const other = await context.browser()!.newContext()
    const page2 = await other.newPage()
    await page2.goto(url)
    await page2.waitForFunction(() => window.__devaddr?.status === 'ready' && window.__devaddr.edits?.sparePortsFree === 3)
    await other.close()

    // autosave: a reload in the same context brings the edits back
    await page.goto('/')
    await studio.waitReady()
    await expect(studio.canvas.emptyPorts).toHaveCount(3)
  })
})
