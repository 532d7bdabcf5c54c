import type { DomainDef } from '../domain/domainDef.ts'
import { isQ35 } from '../machine/machineType.ts'

/** The most vCPUs an x86 guest runs without the IOMMU's extended interrupt mode. */
export const MAX_VCPUS_WITHOUT_EIM = 255

/** A q35 guest (so x86) of more than 255 vCPUs. @see qemuDomainNeedsIOMMUWithEIM */
export function needsIommuWithEim(def: DomainDef): boolean {
  return isQ35(def) && (def.vcpus ?? 1) > MAX_VCPUS_WITHOUT_EIM
}

/**
 * What libvirt (from 10.10, `profile.iommuForManyVcpus`) switches on by itself for the IOMMU
 * the guest has (addDefaultDevices adds one where there is none): on an Intel IOMMU of a guest
 * that needs extended interrupt mode, interrupt remapping and extended interrupt mode where the
 * `<driver>` leaves them unset (one written `off` stays off, for validation to refuse); then,
 * when the one IOMMU remaps interrupts and `<features>` names no I/O APIC, the split I/O APIC
 * remapping needs.
 * @see qemuDomainIOMMUDefPostParse, qemuDomainDefEnableDefaultFeatures
 */
export function enableManyVcpusIommu(def: DomainDef): void {
  if (!def.profile.iommuForManyVcpus) return
  const iommus = def.list('iommu')
  const needsEim = needsIommuWithEim(def)
  if (needsEim)
    for (const iommu of iommus) {
      if (iommu.model !== 'intel') continue
      iommu.intremap ??= 'on'
      iommu.eim ??= 'on'
    }
  if (iommus.length === 1 && (iommus[0]!.intremap === 'on' || needsEim) && def.ioapic === undefined) def.ioapic = 'qemu'
}
