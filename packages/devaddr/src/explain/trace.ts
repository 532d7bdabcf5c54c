import type { Device } from '../model/device.ts'
import type { Explanation } from '../model/domain.ts'

/** Collects, per device, the decisions that placed it, in the order they were taken. */
export class Trace {
  private readonly steps = new Map<string, string[]>()

  note(d: Device, step: string): void {
    const list = this.steps.get(d.id)
    if (list) list.push(step)
    else this.steps.set(d.id, [step])
  }

  /** The explanations of `devices`, in their order; devices nothing happened to are left out. */
  explanations(devices: readonly Device[]): Explanation[] {
    return devices.flatMap((d) => {
      const steps = this.steps.get(d.id)
      return steps ? [{ device: d.id, steps: [...steps] }] : []
    })
  }
}
