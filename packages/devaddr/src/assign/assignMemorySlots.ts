import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'

/**
 * DIMM and NVDIMM memory devices get the lowest free hotplug slot when the domain has
 * memory hotplug (`<maxMemory slots>`).
 * @see qemuDomainAssignMemorySlots
 */
export function assignMemorySlots(def: DomainDef): void {
  if (def.memorySlots <= 0) return
  const mems = def.list('memory')
  const used = new Set<number>()
  for (const m of mems) if (m.address?.type === 'dimm' && m.address.slot !== undefined) used.add(m.address.slot)
  for (const m of mems) {
    if (m.model !== 'dimm' && m.model !== 'nvdimm') continue
    if (m.address?.type === 'dimm') continue
    let slot = 0
    while (used.has(slot)) slot++
    if (slot >= def.memorySlots)
      fail('no-free-slot', `no free memory slot (the domain has ${def.memorySlots})`, culprit(m, 'qemuAssignMemoryDeviceSlot'))
    used.add(slot)
    m.address = { type: 'dimm', slot }
  }
}
