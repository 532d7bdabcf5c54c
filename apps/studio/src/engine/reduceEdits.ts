import { exhaustive } from '../exhaustive.ts'
import type { EditAction } from './editActions.ts'
import type { Edits } from './edits.ts'

/** `record` without `key` (a copy; `record` itself is left alone). */
function without<K extends string | number, V>(record: Record<K, V>, key: K): Record<K, V> {
  if (!Object.hasOwn(record, key)) return record
  const copy = { ...record }
  delete copy[key]
  return copy
}

/**
 * The edits after one action: the one place the studio changes edits. Pure; `edits` is not
 * modified, and an action changes only the entries of the device (or setting) it is about.
 *
 * @param edits the current edits
 * @param action what the user did
 * @returns new edits (the same object when the action changes nothing)
 */
export function reduceEdits(edits: Edits, action: EditAction): Edits {
  switch (action.type) {
    case 'set-address':
      return { ...edits, addresses: { ...edits.addresses, [action.deviceId]: action.address } }
    case 'clear-address':
      // note: null, not absent: the address the document gives is dropped too
      return { ...edits, addresses: { ...edits.addresses, [action.deviceId]: null } }
    case 'add-device':
      return {
        ...edits,
        added: [...edits.added, action.device],
        ...(action.props ? { props: { ...edits.props, [action.device.id]: action.props } } : {}),
      }
    case 'add-devices':
      return {
        ...edits,
        added: [...edits.added, ...action.devices],
        ...(action.props ? { props: { ...edits.props, ...action.props } } : {}),
      }
    case 'set-device-props':
      return { ...edits, props: { ...edits.props, [action.deviceId]: action.props } }
    case 'set-device-model':
      return { ...edits, models: { ...edits.models, [action.deviceId]: action.model } }
    case 'set-numa-cells': {
      const { numaCells: _, ...rest } = edits
      return action.cells === undefined ? rest : { ...rest, numaCells: action.cells }
    }
    case 'remove-device': {
      const id = action.deviceId
      // note: the id of a removed palette device is given again to the next one added; it must
      // not inherit this one's address or pin
      const cleared: Edits = { ...edits, addresses: without(edits.addresses, id), numaPins: without(edits.numaPins, id) }
      if (edits.props) cleared.props = without(edits.props, id)
      if (edits.models) cleared.models = without(edits.models, id)
      if (edits.added.some((d) => d.id === id)) return { ...cleared, added: edits.added.filter((d) => d.id !== id) }
      if (edits.removed.includes(id)) return edits
      return { ...cleared, removed: [...edits.removed, id] }
    }
    case 'pin-numa':
      // note: a pinned device goes behind an expander bus; its old address would keep it off it
      return {
        ...edits,
        numaPins: { ...edits.numaPins, [action.deviceId]: action.node },
        addresses: without(edits.addresses, action.deviceId),
      }
    case 'unpin-numa':
      return { ...edits, numaPins: without(edits.numaPins, action.deviceId), addresses: without(edits.addresses, action.deviceId) }
    case 'set-port-hotplug': {
      const { port, hotplug } = action
      // note: an engine-added port becomes an input controller; it keeps the engine's stable id
      // (controller-pciN), so a selection stays on it
      const entry: Edits['hotplug'][number] = port.origin === 'input' ? { hotplug } : { hotplug, controller: { ...port, origin: 'input' } }
      return { ...edits, hotplug: { ...edits.hotplug, [port.index]: entry } }
    }
    case 'set-spare-ports': {
      const { sparePortsFree: _, ...rest } = edits
      return action.free === undefined ? rest : { ...rest, sparePortsFree: action.free }
    }
    case 'set-numa-nodes': {
      // note: typed cells are for one cell count; a new count starts from an even split
      const { numaNodes: _, numaCells: __, ...rest } = edits
      return action.count === undefined ? rest : { ...rest, numaNodes: action.count }
    }
    case 'set-libvirt-version': {
      if (edits.libvirtVersion === action.version) return edits
      const { libvirtVersion: _, ...rest } = edits
      return action.version === undefined ? rest : { ...rest, libvirtVersion: action.version }
    }
    default:
      return exhaustive(action)
  }
}
