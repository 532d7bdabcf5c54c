import type { DomainDef } from '../domain/domainDef.ts'
import { unsetField } from '../domain/workingDevice.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isPSeries } from '../machine/machineType.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'
import type { PciAddress } from '../model/address.ts'
import { pciAddressOf } from './pciAddressPredicates.ts'
import { isPciControllerModel, pciControllerModelName } from './pciControllerModel.ts'

/** Every function-0 device of a slot with other functions in use gets multifunction='on'. @see virDomainPCIAddressSetAllMulti */
export function setAllMulti(def: DomainDef): void {
  const devices = def.iterate()
  // note: the slots with a function other than 0 in use first (few: root ports packed eight to
  // a slot), then the first function-0 address of each, in one pass each (a scan per device is
  // quadratic: 20,000 packed functions took seconds; a map of every slot cost more than the rest)
  const shared = new Set<number | string>()
  for (const d of devices) {
    const a = pciAddressOf(d)
    if (a && a.function !== 0) shared.add(slotKey(a))
  }
  if (shared.size === 0) return
  for (const o of devices) {
    const b = o.address?.type === 'pci' ? o.address : undefined
    if (!b || b.function !== 0) continue
    const key = slotKey(b)
    if (!shared.delete(key)) continue
    if (b.multifunction === undefined) b.multifunction = 'on'
  }
}

/** One key per domain:bus:slot: a number in the valid ranges (cheaper than text), else text. */
const slotKey = (a: PciAddress): number | string =>
  a.bus < 256 && a.slot < 32 ? (a.domain * 256 + a.bus) * 32 + a.slot : `${a.domain}:${a.bus}:${a.slot}`

/** @see qemuDomainAddressFindNewBusNr */
function findNewBusNr(def: DomainDef): number {
  let lowest = 256
  for (const c of def.controllers) if (c.type === 'pci' && c.target?.busNr !== undefined && c.target.busNr < lowest) lowest = c.target.busNr
  return lowest <= 2 ? -1 : lowest - 2
}

/** @see qemuDomainAddressFindNewTargetIndex */
function findNewTargetIndex(def: DomainDef): number {
  for (let t = 1; t <= 31; t++)
    if (!def.controllers.some((c) => c.type === 'pci' && c.model === 'pci-root' && c.target?.index === t)) return t
  return -1
}

/** Model names and `<target>` values libvirt fills in on PCI controllers. */
export function setControllerDefaults(def: DomainDef): void {
  for (const c of def.controllers) {
    if (c.type !== 'pci' || !isPciControllerModel(c.model)) continue
    const idx = c.index ?? 0
    const a = c.address?.type === 'pci' ? c.address : undefined
    if (c.modelName === undefined) {
      const name = pciControllerModelName(c.model, isPSeries(def), hasCap(def.caps, 'pcie-root-port'))
      if (name) c.modelName = name
    }
    const t = (c.target ??= {})
    switch (c.model) {
      case 'pci-bridge':
        t.chassisNr ??= idx
        break
      case 'pcie-root-port':
        t.chassis ??= idx
        t.port ??= ((a?.slot ?? 0) << 3) + (a?.function ?? 0)
        break
      case 'pcie-switch-downstream-port':
        t.chassis ??= idx
        t.port ??= a?.slot ?? 0
        break
      case 'pci-expander-bus':
      case 'pcie-expander-bus':
        if (t.busNr === undefined) {
          const nr = findNewBusNr(def)
          if (nr < 0)
            fail(
              'invalid-controller',
              'no free busNr lower than the current lowest busNr is available to auto-assign; set busNr by hand',
              culprit(c, 'qemuDomainAssignPCIAddresses'),
            )
          t.busNr = nr
        }
        break
      case 'pci-root':
        if (isPSeries(def) && t.index === undefined) {
          const ti = idx === 0 ? 0 : findNewTargetIndex(def)
          if (ti < 0) fail('invalid-controller', 'no usable PHB target index is left (1..31)', culprit(c, 'qemuDomainAssignPCIAddresses'))
          t.index = ti
        }
        break
      default:
        break
    }
    if (Object.keys(t).length === 0) unsetField(c, 'target')
    if (c.model === 'pci-bridge' && a && idx <= a.bus)
      fail(
        'invalid-controller',
        `a pci-bridge's index (${idx}) must be larger than the bus it sits on (0x${a.bus.toString(16).padStart(2, '0')})`,
        culprit(c, 'qemuDomainAssignPCIAddresses'),
      )
  }
}
