/** Below this zoom a card's 12 px text is too small to read (under ~7 px on screen). */
export const LEGIBLE_ZOOM = 0.6
const PAD = 24

/**
 * The viewport that shows a drawing of `layout`'s size in a canvas of `width` × `height` px:
 * the whole drawing when it fits at a legible zoom (never above 1); else, when its width fits
 * legibly, the full width from the top (the rest is a scroll away); else the whole drawing, an
 * overview of a domain too big to read at once (drawn as boxes, see `FAR_ZOOM`).
 */
export function fitViewport(
  layout: { width: number; height: number },
  width: number,
  height: number,
): { x: number; y: number; zoom: number } {
  const byWidth = Math.min(1, (width - 2 * PAD) / Math.max(1, layout.width))
  const whole = Math.max(0.05, Math.min(byWidth, (height - 2 * PAD) / Math.max(1, layout.height)))
  const zoom = whole >= LEGIBLE_ZOOM || byWidth < LEGIBLE_ZOOM ? whole : byWidth
  return { x: Math.max(PAD, (width - layout.width * zoom) / 2), y: PAD, zoom }
}
