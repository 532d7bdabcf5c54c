import { expect, test } from '../fixtures/test.ts'

// note: the screenshots are for people to look at (test-results/screenshots/); the assertions
// are what can be checked: one header row, nothing drawn under it, text legible at fit zoom
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const

for (const colorScheme of ['light', 'dark'] as const)
  for (const size of SIZES)
    test(`q35-switch at ${size.width}×${size.height}, ${colorScheme}`, async ({ studio, page, shot }) => {
      await page.setViewportSize(size)
      await page.emulateMedia({ colorScheme })
      await studio.goto()
      await studio.waitReady()
      await studio.toolbar.openExample('q35-switch')
      await expect.poll(async () => (await studio.state()).sourceName).toBe('q35-switch')
      await studio.waitReady()
      await expect(page).toHaveTitle(/^q35-switch · devaddr studio$/)

      const header = (await page.locator('.app-header').boundingBox())!
      const canvas = (await studio.canvas.root.boundingBox())!
      expect(header.height, 'the toolbar stays on one row').toBeLessThanOrEqual(48)
      expect(canvas.y).toBeGreaterThanOrEqual(header.y + header.height - 1)
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      const zoom = await page.evaluate(() => {
        const t = getComputedStyle(document.querySelector('.react-flow__viewport')!).transform
        return new DOMMatrix(t).a
      })
      expect(zoom, 'fit zoom leaves text legible').toBeGreaterThanOrEqual(0.6)
      const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
      expect(bg === 'rgb(20, 24, 31)').toBe(colorScheme === 'dark')
      // the minimap follows the theme: its background and the buses in it are dark in the dark
      const minimap = await page.evaluate(() => {
        const luminance = (color: string) => {
          const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number)
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
        }
        const bus = document.querySelector('.react-flow__minimap-node.minimap-bus')
        const panel = document.querySelector('.react-flow__minimap')
        return {
          bus: bus ? luminance(getComputedStyle(bus).fill) : null,
          background: panel ? luminance(getComputedStyle(panel).backgroundColor) : null,
        }
      })
      for (const lum of [minimap.bus, minimap.background]) {
        expect(lum).not.toBeNull()
        if (colorScheme === 'dark') expect(lum).toBeLessThan(0.3)
        else expect(lum).toBeGreaterThan(0.7)
      }
      await shot(`q35-switch-${size.width}x${size.height}-${colorScheme}`)
    })

test('the drawing is refitted when the window is resized', async ({ studio, page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await studio.goto()
  await studio.waitReady()
  const zoom = () => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a)
  const x = () => page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).e)
  const before = { zoom: await zoom(), x: await x() }
  await page.setViewportSize({ width: 1280, height: 720 })
  await expect.poll(async () => ({ zoom: await zoom(), x: await x() })).not.toEqual(before)
  const box = (await studio.canvas.root.boundingBox())!
  const drawing = (await page.locator('.react-flow__node').first().boundingBox())!
  expect(drawing.x).toBeGreaterThanOrEqual(box.x)
  expect(drawing.x + drawing.width).toBeLessThanOrEqual(box.x + box.width + 1)
})
