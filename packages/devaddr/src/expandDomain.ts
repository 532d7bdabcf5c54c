import { assignCcwAddresses } from './assign/assignCcwAddresses.ts'
import { assignMemorySlots } from './assign/assignMemorySlots.ts'
import { assignSpaprVioAddresses } from './assign/assignSpaprVioAddresses.ts'
import { assignUsbAddresses } from './assign/assignUsbAddresses.ts'
import { assignVirtioMmioAddresses } from './assign/assignVirtioMmioAddresses.ts'
import { assignVirtioSerialAddresses } from './assign/assignVirtioSerialAddresses.ts'
import { DomainDef } from './domain/domainDef.ts'
import { plainDevice } from './domain/workingDevice.ts'
import type { AddrError } from './errors.ts'
import { expansionWarnings } from './explain/expansionWarnings.ts'
import { AddrFailure } from './failure.ts'
import { canonicalMachine } from './machine/libvirtProfile.ts'
import type { DomainInput, ExpandOptions, Expansion } from './model/domain.ts'
import { assignPciAddresses } from './pci/assignPciAddresses.ts'
import { effectivePolicy } from './policy/effectivePolicy.ts'
import { holdNumaDevices } from './policy/placeNumaDevices.ts'
import { LIBVIRT_POLICY } from './policy/policy.ts'
import { addDefaultDevices } from './postparse/addDefaultDevices.ts'
import { addHostdevScsiControllers, addImplicitDevices } from './postparse/addImplicitDevices.ts'
import { applyDeviceDefaults } from './postparse/applyDeviceDefaults.ts'
import { assignControllerIndexes, isUsb2Controller } from './postparse/assignControllerIndexes.ts'
import { assignDriveAddresses, assignScsiHostdevAddresses } from './postparse/assignDriveAddresses.ts'
import { assignNvmeSerials } from './postparse/assignNvmeSerials.ts'
import { enableManyVcpusIommu } from './postparse/manyVcpusIommu.ts'
import { err, ok, type Result } from './result.ts'
import { checkDriveConflicts, validateAddresses } from './validate/validateAddresses.ts'
import { validateBootOrder, validateVirtiofsBootOrder } from './validate/validateBootOrder.ts'
import { validateControllers, validatePhbTargetIndexes } from './validate/validateControllers.ts'
import { validateDevices, validateDeviceTypes } from './validate/validateDevices.ts'
import { validateDiskBuses, validateDisks } from './validate/validateDisks.ts'
import { validateMachine } from './validate/validateMachine.ts'
import { validateNvmeControllers } from './validate/validateNvmeControllers.ts'
import { validatePlatform } from './validate/validatePlatform.ts'

/**
 * Adds the controllers a domain needs and gives every device an address, as libvirt does
 * when it defines a domain (`virDomainDefPostParse` + `qemuDomainAssignAddresses`).
 * Never mutates its input (unless `options.adoptInput`); the same input always gives the same
 * output. The output's devices carry the fields of `Device` only (a field a JavaScript caller
 * added of its own is not copied), unless `options.plainDevices` is false.
 *
 * @example
 * const r = expandDomain({ arch: 'x86_64', machine: 'q35', devices: [] })
 * if (r.ok) r.value.devices // pcie-root, root ports, qemu-xhci, sata, memballoon…
 */
export function expandDomain(input: DomainInput, options: ExpandOptions = {}): Result<Expansion, AddrError[]> {
  const newDomain = options.newDomain ?? true
  const policy = options.policy ?? LIBVIRT_POLICY
  try {
    const def = new DomainDef(input, options.adoptInput === true)
    def.configure(options)
    validateMachine(def)
    const effective = effectivePolicy(policy, def)
    // note: Debian 12's libvirt 9.0 defines a domain with <crypto> but keeps no such device
    if (def.profile.crypto === 'dropped') def.list('crypto').length = 0
    // note: nor a <pstore>, before libvirt knew the element
    if (def.profile.pstore === 'dropped') def.list('pstore').length = 0
    validateAddresses(def)
    validateDiskBuses(def)
    validateDeviceTypes(def)
    // note: libvirt adds the SCSI controllers SCSI host devices name while parsing the XML,
    // before any post-parse step; the host devices get their own addresses later, after the disks
    addHostdevScsiControllers(def, newDomain)
    const numbered = assignControllerIndexes(def)
    if (def.profile.indexlessUsb2ControllersInsertedByIndex)
      def.reinsertControllers(numbered.filter((c) => isUsb2Controller(c.type, c.model)))
    validateControllers(def)
    addDefaultDevices(def, newDomain)
    enableManyVcpusIommu(def)
    applyDeviceDefaults(def, newDomain)
    assignDriveAddresses(def)
    assignScsiHostdevAddresses(def)
    validateDisks(def)
    addImplicitDevices(def, newDomain)
    assignNvmeSerials(def)
    checkDriveConflicts(def)
    validateDevices(def)
    validateNvmeControllers(def)
    validateBootOrder(def)
    validatePlatform(def)
    assignVirtioSerialAddresses(def)
    assignSpaprVioAddresses(def)
    assignCcwAddresses(def)
    assignVirtioMmioAddresses(def)
    validateVirtiofsBootOrder(def)
    const pinned = holdNumaDevices(def, effective)
    assignPciAddresses(def, effective, pinned)
    validatePhbTargetIndexes(def)
    assignUsbAddresses(def, newDomain)
    assignMemorySlots(def)
    const devices = def.outputOrder()
    return ok({
      arch: def.arch,
      machine: canonicalMachine(def.profile, def),
      // note: copying every device into the public shape, and the writer then reading objects of
      // a dozen shapes, was a twentieth of expandDomainXml on a 100-device domain
      devices: options.plainDevices === false ? devices : devices.map(plainDevice),
      policy: { name: policy.name, version: policy.version },
      explanations: def.trace.explanations(devices),
      warnings: options.warnings === false ? [] : expansionWarnings(def),
    })
  } catch (e) {
    if (e instanceof AddrFailure) return err([e.error])
    throw e
  }
}
