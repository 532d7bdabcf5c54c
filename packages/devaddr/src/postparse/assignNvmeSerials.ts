import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { NVME } from '../validate/libvirtEnums.ts'

/**
 * QEMU's NVMe controller holds the serial number, not its namespaces; in the XML the serial is
 * written on the disks. libvirt gives each NVMe controller without a `<serial>` the serial of its
 * first disk that has one, and refuses a disk whose serial differs from its controller's (written
 * there or taken from an earlier disk). Disks without a serial take none. Runs once the implicit
 * controllers exist: a disk names its controller by its drive address.
 * Seen live on 12.8: a controller written without a serial takes its disk's; a disk without a
 * serial beside one with a serial is defined.
 * @see virDomainDefMaybeAssignNvmeControllerSerials
 */
export function assignNvmeSerials(def: DomainDef): void {
  for (const d of def.list('disk')) {
    if (d.bus !== NVME || d.address?.type !== 'drive' || d.serial === undefined) continue
    const controller = def.findController(NVME, d.address.controller)
    if (controller === undefined) continue
    if (controller.serial === undefined) {
      controller.serial = d.serial
      def.trace.note(controller, `serial '${d.serial}' from disk ${d.dst ?? ''}: QEMU gives an NVMe disk's serial to its controller`)
    } else if (controller.serial !== d.serial)
      fail(
        'invalid-controller',
        `disk serial '${d.serial}' differs from the serial '${controller.serial}' of NVMe controller ${d.address.controller}: the disks of one NVMe controller must all have its serial`,
        culprit(d, 'virDomainDefMaybeAssignNvmeControllerSerials'),
      )
  }
}
