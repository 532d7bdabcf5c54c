import { describe, expect, it } from 'vitest'

import { fitViewport, LEGIBLE_ZOOM } from './fitViewport.ts'

describe('fitViewport', () => {
  it('shows a small drawing whole, at most at zoom 1, centred', () => {
    expect(fitViewport({ width: 400, height: 300 }, 1200, 600)).toEqual({ x: 400, y: 24, zoom: 1 })
  })
  it('keeps a tall drawing legible: its full width, from the top', () => {
    const v = fitViewport({ width: 1000, height: 4000 }, 1000, 600)
    expect(v.zoom).toBeGreaterThanOrEqual(LEGIBLE_ZOOM)
    expect(v.zoom).toBeCloseTo(952 / 1000)
  })
  it('shows a drawing too wide to read whole as an overview', () => {
    expect(fitViewport({ width: 10_000, height: 8000 }, 1000, 600).zoom).toBeCloseTo(552 / 8000)
  })
})
