import type { DomainDef } from '../domain/domainDef.ts'

const USB2_MODELS = new Set(['ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3'])

/** EHCI master and its UHCI companions share one USB bus index. */
export const isUsb2Controller = (type: string | undefined, model: string | undefined) =>
  type === 'usb' && model !== undefined && USB2_MODELS.has(model)

/**
 * Gives every controller declared without `index` the lowest unused index of its type;
 * a USB2 companion right after another USB2 controller joins that controller's bus.
 * @see virDomainAssignControllerIndexes
 */
export function assignControllerIndexes(def: DomainDef): void {
  const list = def.controllers
  // note: a controller without a type is an IDE controller, libvirt's first controller type
  for (const c of list) c.type ??= 'ide'
  // note: indexes are only ever added, so the lowest free index of a type never goes down
  const used = new Map<string | undefined, Set<number>>()
  const lowest = new Map<string | undefined, number>()
  const usedOf = (type: string | undefined) => used.get(type) ?? used.set(type, new Set()).get(type)!
  for (const c of list) if (c.index !== undefined) usedOf(c.type).add(c.index)
  list.forEach((cont, i) => {
    if (cont.index !== undefined) return
    const prev = i > 0 ? list[i - 1] : undefined
    if (
      isUsb2Controller(cont.type, cont.model) &&
      prev &&
      isUsb2Controller(prev.type, prev.model) &&
      prev.index !== undefined &&
      !list.some((c) => c.type === 'usb' && c.model === cont.model && c.index === prev.index)
    ) {
      cont.index = prev.index
      return
    }
    const taken = usedOf(cont.type)
    let idx = lowest.get(cont.type) ?? 0
    while (taken.has(idx)) idx++
    lowest.set(cont.type, idx)
    taken.add(idx)
    cont.index = idx
  })
  def.reindexControllers()
}
