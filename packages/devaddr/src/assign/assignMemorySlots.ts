import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { type Device, deviceLabel } from '../model/device.ts'

/**
 * The slots and base addresses memory devices name: each slot below `<maxMemory slots>`, and
 * no slot or base named twice.
 * @see qemuDomainDefValidateMemoryHotplugDevice
 */
function reservedSlots(def: DomainDef): Set<number> {
  const slots = new Map<number, Device>()
  const bases = new Map<number, Device>()
  for (const m of def.list('memory')) {
    if (m.address?.type !== 'dimm') continue
    const { slot, base } = m.address
    if (slot !== undefined) {
      if (slot >= def.memorySlots)
        fail(
          'invalid-address',
          `memory device slot '${slot}' exceeds the slots count '${def.memorySlots}' of <maxMemory>`,
          culprit(m, 'qemuDomainDefValidateMemoryHotplugDevice'),
        )
      const other = slots.get(slot)
      if (other)
        fail(
          'address-conflict',
          `memory device slot '${slot}' is already being used by ${deviceLabel(other)}`,
          culprit(m, 'qemuDomainDefValidateMemoryHotplugDevice'),
        )
      slots.set(slot, m)
    }
    if (base !== undefined && base !== 0) {
      const other = bases.get(base)
      if (other)
        fail(
          'address-conflict',
          `memory device base '0x${base.toString(16)}' is already being used by ${deviceLabel(other)}`,
          culprit(m, 'qemuDomainDefValidateMemoryHotplugDevice'),
        )
      bases.set(base, m)
    }
  }
  return new Set(slots.keys())
}

/**
 * DIMM and NVDIMM memory devices get the lowest free hotplug slot when the domain has
 * memory hotplug (`<maxMemory slots>`).
 * @see qemuDomainAssignMemorySlots
 */
export function assignMemorySlots(def: DomainDef): void {
  if (def.memorySlots <= 0) return
  const mems = def.list('memory')
  const used = reservedSlots(def)
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
