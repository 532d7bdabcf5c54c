import type { DomainDef } from '../domain/domainDef.ts'
import type { Device } from '../model/device.ts'

const USB2_MODELS = new Set(['ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3'])

/** EHCI master and its UHCI companions share one USB bus index. */
export const isUsb2Controller = (type: string | undefined, model: string | undefined) =>
  type === 'usb' && model !== undefined && USB2_MODELS.has(model)

/**
 * Gives every controller declared without `index` the lowest unused index of its type;
 * a USB2 companion whose previous USB controller is a USB2 controller joins that controller's bus.
 * @returns the controllers it numbered, in list order
 * @see virDomainAssignControllerIndexes
 */
export function assignControllerIndexes(def: DomainDef): Device[] {
  const list = def.controllers
  // note: a controller without a type is an IDE controller, libvirt's first controller type
  for (const c of list) c.type ??= 'ide'
  // note: indexes are only ever added, so the lowest free index of a type never goes down
  const used = new Map<string | undefined, Set<number>>()
  const lowest = new Map<string | undefined, number>()
  const usedOf = (type: string | undefined) => used.get(type) ?? used.set(type, new Set()).get(type)!
  for (const c of list) if (c.index !== undefined) usedOf(c.type).add(c.index)
  const numbered: Device[] = []
  let lastUsb: Device | undefined
  for (const cont of list) {
    const prevUsb = lastUsb
    if (cont.type === 'usb') lastUsb = cont
    if (cont.index !== undefined) continue
    numbered.push(cont)
    if (
      isUsb2Controller(cont.type, cont.model) &&
      prevUsb &&
      isUsb2Controller(prevUsb.type, prevUsb.model) &&
      prevUsb.index !== undefined &&
      !list.some((c) => c.type === 'usb' && c.model === cont.model && c.index === prevUsb.index)
    ) {
      cont.index = prevUsb.index
      continue
    }
    const taken = usedOf(cont.type)
    let idx = lowest.get(cont.type) ?? 0
    while (taken.has(idx)) idx++
    lowest.set(cont.type, idx)
    taken.add(idx)
    cont.index = idx
  }
  def.reindexControllers()
  return numbered
}
