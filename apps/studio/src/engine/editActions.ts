import { type Device, formatPciAddress, type LibvirtVersion, type PciAddress } from 'devaddr'

import { exhaustive } from '../exhaustive.ts'
import type { DeviceProps } from './deviceProps.ts'
import type { NumaCellSpec } from './numaCells.ts'

/**
 * One change the user makes to the document, as data. `reduceEdits` applies it to the edits;
 * `labelOf` names it in the undo history and in a refused-edit notice.
 * Actions about a device carry its engine id (`deviceId`) and `title`, what the user calls it
 * (`disk vda`), so that the label needs nothing but the action.
 */
export type EditAction =
  /** put a device at a PCI address (a drag onto a port or bus, the inspector's address fields) */
  | { type: 'set-address'; deviceId: string; title: string; address: PciAddress }
  /** forget the address of a device so that the engine picks one */
  | { type: 'clear-address'; deviceId: string; title: string }
  /** add a device (from the palette); with an address when it was dropped on a bus */
  | { type: 'add-device'; device: Device; title: string; props?: DeviceProps }
  /** add several devices in one step (a PCIe switch with its ports, a GPU with its audio function) */
  | { type: 'add-devices'; devices: Device[]; title: string; props?: Record<string, DeviceProps> }
  /** set what is written into a device's element besides its address (disk source, MAC, host address) */
  | { type: 'set-device-props'; deviceId: string; title: string; props: DeviceProps }
  /** choose a device's model (controller, NIC, video, sound) */
  | { type: 'set-device-model'; deviceId: string; title: string; model: string }
  /** the guest NUMA cells as typed; undefined: an even split of memory and vCPUs */
  | { type: 'set-numa-cells'; cells: NumaCellSpec[] | undefined }
  /** remove a device of the document, or one added earlier */
  | { type: 'remove-device'; deviceId: string; title: string }
  /** make a device local to a guest NUMA node (behind an expander bus) */
  | { type: 'pin-numa'; deviceId: string; title: string; node: number }
  /** let a device go back to wherever the engine puts it */
  | { type: 'unpin-numa'; deviceId: string; title: string }
  /**
   * turn hotplug of a root or downstream port on or off. `port` is the controller as the engine
   * returned it: one the engine added is written into the input so that it can carry the setting.
   */
  | { type: 'set-port-hotplug'; port: Device & { index: number }; hotplug: 'on' | 'off' }
  /** free hotplug root ports to leave; undefined: as libvirt */
  | { type: 'set-spare-ports'; free: number | undefined }
  /** guest NUMA node count; undefined: the document's */
  | { type: 'set-numa-nodes'; count: number | undefined }
  /** the libvirt release the engine imitates; undefined: the engine's default */
  | { type: 'set-libvirt-version'; version: LibvirtVersion | undefined }

export type EditActionType = EditAction['type']

/**
 * What the user reads for an action in the history and in a refused-edit notice.
 *
 * @example labelOf({ type: 'remove-device', deviceId: 'disk1', title: 'disk vdb' }) // 'remove disk vdb'
 */
export function labelOf(action: EditAction): string {
  switch (action.type) {
    case 'set-address':
      return `move ${action.title} to ${formatPciAddress(action.address)}`
    case 'clear-address':
      return `let the engine place ${action.title}`
    case 'add-device': {
      const a = action.device.address
      return `add ${action.title}${a?.type === 'pci' ? ` at ${formatPciAddress(a)}` : ''}`
    }
    case 'add-devices':
      return `add ${action.title}`
    case 'set-device-props':
      return `set ${action.props.kind === 'disk' ? 'the source' : action.props.kind === 'interface' ? 'the network and MAC' : 'the host address'} of ${action.title}`
    case 'set-device-model':
      return `make ${action.title} a ${action.model}`
    case 'set-numa-cells':
      return action.cells === undefined ? 'split memory and vCPUs evenly over NUMA cells' : 'edit the NUMA cells'
    case 'remove-device':
      return `remove ${action.title}`
    case 'pin-numa':
      return `pin ${action.title} to NUMA node ${action.node}`
    case 'unpin-numa':
      return `unpin ${action.title}`
    case 'set-port-hotplug':
      return `hotplug ${action.hotplug} on port ${action.port.index}`
    case 'set-spare-ports':
      return action.free === undefined ? 'spare ports as libvirt' : `reserve ${action.free} hotplug ports`
    case 'set-numa-nodes':
      return `${action.count ?? 0} guest NUMA nodes`
    case 'set-libvirt-version':
      return action.version === undefined ? 'imitate the default libvirt release' : `imitate libvirt ${action.version}`
    default:
      return exhaustive(action)
  }
}

/** The id of the device an action is about, if it is about one (a refused edit links to it). */
export function subjectOf(action: EditAction): string | undefined {
  switch (action.type) {
    case 'set-address':
    case 'clear-address':
    case 'remove-device':
    case 'set-device-props':
    case 'set-device-model':
    case 'pin-numa':
    case 'unpin-numa':
      return action.deviceId
    case 'add-device':
      return action.device.id
    case 'add-devices':
      return action.devices[0]?.id
    case 'set-port-hotplug':
      return action.port.id
    case 'set-spare-ports':
    case 'set-numa-nodes':
    case 'set-numa-cells':
    case 'set-libvirt-version':
      return undefined
    default:
      return exhaustive(action)
  }
}
