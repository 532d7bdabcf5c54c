import type { Device } from '../model/device.ts'
import type { Explanation } from '../model/domain.ts'

/**
 * Collects, per device, the decisions that placed it, in the order they were taken.
 * A disabled trace (`ExpandOptions.explain: false`) keeps nothing: a step given as a function
 * is then never worded, which matters where a step is noted for every device.
 */
export class Trace {
  private readonly steps = new Map<string, string[]>()
  enabled = true

  note(d: Device, step: string | (() => string)): void {
    if (!this.enabled) return
    const text = typeof step === 'string' ? step : step()
    const list = this.steps.get(d.id)
    if (list) list.push(text)
    else this.steps.set(d.id, [text])
  }

  /** The explanations of `devices`, in their order; devices nothing happened to are left out. */
  explanations(devices: readonly Device[]): Explanation[] {
    if (this.steps.size === 0) return []
    const out: Explanation[] = []
    for (const d of devices) {
      const steps = this.steps.get(d.id)
      if (steps) out.push({ device: d.id, steps: [...steps] })
    }
    return out
  }
}
