import { assignUsbAddresses } from './assign/assignUsbAddresses.ts'
import { assignVirtioSerialAddresses } from './assign/assignVirtioSerialAddresses.ts'
import { DomainDef } from './domain/domainDef.ts'
import { plainDevice, workingCopy } from './domain/workingDevice.ts'
import { type AddrError, culprit } from './errors.ts'
import { AddrFailure, fail } from './failure.ts'
import { formatPciAddress } from './model/address.ts'
import type { Device } from './model/device.ts'
import type { DomainInput, ExpandOptions } from './model/domain.ts'
import { reserveChipsetSlots } from './pci/chipsetSlots.ts'
import * as F from './pci/connectFlags.ts'
import { isPciWanted, pciAddressOf } from './pci/pciAddressPredicates.ts'
import { computeFlags, createAddressSet, hasRoot, newPciPass, pciOf } from './pci/pciPass.ts'
import { effectivePolicy } from './policy/effectivePolicy.ts'
import { LIBVIRT_POLICY } from './policy/policy.ts'
import { applyOne } from './postparse/applyDeviceDefaults.ts'
import { err, ok, type Result } from './result.ts'

/**
 * The PCI address a device gets when it is hotplugged into a running guest whose devices
 * are `input` (already expanded): a free slot on a hotpluggable bus, never a new bus, never
 * moving anything. A given address must be function 0 of a free, hotpluggable slot.
 * @see qemuDomainEnsurePCIAddress, virDomainPCIAddressEnsureAddr
 */
export function hotplugDevice(input: DomainInput, device: Device, options: ExpandOptions = {}): Result<{ device: Device }, AddrError[]> {
  try {
    const def = new DomainDef(input)
    def.configure(options)
    const policy = effectivePolicy(options.policy ?? LIBVIRT_POLICY, def)
    const pass = newPciPass(def, policy)
    const nbuses = def.controllers.reduce((m, c) => (c.type === 'pci' && c.index !== undefined ? Math.max(m, c.index + 1) : m), 0)
    const addrs = createAddressSet(pass, nbuses, false)
    reserveChipsetSlots(def, {
      addrs,
      // note: devaddr's own rule: libvirt hotplugs into a live definition, always expanded
      assignNext: (d) =>
        fail('no-free-slot', 'the domain is not fully expanded: expand it before hotplugging', { libvirtFunction: null, device: d }),
    })

    const dev = workingCopy(device)
    applyOne(def, dev, false)
    const base = computeFlags(pass, dev)
    if (!base) return ok({ device: plainDevice(hotplugNonPci(def, dev)) })
    const flags = base | F.HOTPLUGGABLE
    const given = pciAddressOf(dev)
    if (given) {
      if (given.function !== 0)
        fail(
          'invalid-address',
          'a hotplugged device must use function 0 of its slot',
          culprit(dev, 'virDomainPCIAddressEnsureAddr', formatPciAddress(given)),
        )
      addrs.reserve({ bus: given.bus, slot: given.slot, function: 0 }, flags, 0, true, dev)
      return ok({ device: plainDevice(dev) })
    }
    if (!isPciWanted(dev))
      fail(
        'wrong-address-type',
        `a device with a ${dev.address?.type} address cannot get a PCI slot`,
        culprit(dev, 'qemuDomainEnsurePCIAddress'),
      )
    try {
      dev.address = pciOf(addrs.reserveNext(flags, 0, -1, dev))
    } catch (e) {
      if (!(e instanceof AddrFailure) || e.error.code !== 'no-free-slot') throw e
      const where = hasRoot(def, 'pcie-root')
        ? 'no empty hotpluggable root port is left; leave spare ports (policy sparePorts) when the domain is defined'
        : 'no free hotpluggable slot is left on any bus'
      fail('no-free-slot', where, culprit(dev, 'virDomainPCIAddressEnsureAddr'))
    }
    return ok({ device: plainDevice(dev) })
  } catch (e) {
    if (e instanceof AddrFailure) return err([e.error])
    throw e
  }
}

const USB_DEVICE = (d: Device) =>
  (d.kind === 'input' && d.bus === 'usb') ||
  (d.kind === 'disk' && d.bus === 'usb') ||
  (d.kind === 'hostdev' && d.type === 'usb') ||
  (d.kind === 'redirdev' && d.bus === 'usb') ||
  (d.kind === 'serial' && d.targetType === 'usb-serial')

/**
 * USB devices get a free port of an existing controller or hub, virtio channels a free port
 * of an existing virtio-serial controller: hotplug adds neither hubs nor controllers.
 */
function hotplugNonPci(def: DomainDef, dev: Device): Device {
  const list = def.list(dev.kind)
  list.push(dev)
  if (USB_DEVICE(dev)) {
    const hubs = def.list('hub').length
    try {
      assignUsbAddresses(def, true)
    } catch (e) {
      // note: a hub added for the device may itself find no port; the device is still the one at fault
      if (!(e instanceof AddrFailure) || def.list('hub').length === hubs) throw e
    }
    if (def.list('hub').length > hubs)
      fail('no-free-slot', 'no free USB port is left, and a hub cannot be hotplugged for it', culprit(dev, 'virDomainUSBAddressEnsure'))
    return dev
  }
  if (dev.kind === 'channel' && dev.targetType === 'virtio') {
    const controllers = def.controllers.length
    assignVirtioSerialAddresses(def)
    if (def.controllers.length > controllers)
      fail(
        'no-free-slot',
        'every virtio-serial controller is full; hotplug a controller first',
        culprit(dev, 'qemuDomainAttachChrDeviceAssignAddr'),
      )
    return dev
  }
  return fail('unsupported', 'devaddr hotplugs PCI devices, USB devices and virtio channels', culprit(dev, 'qemuDomainAttachDeviceLive'))
}
