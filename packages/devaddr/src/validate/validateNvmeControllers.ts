import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { NVME } from './libvirtEnums.ts'

/**
 * Every NVMe controller needs a serial: QEMU's nvme device will not start without one. Seen live
 * on 12.8: refused for a controller written without a serial and no disk, and for the controllers
 * libvirt adds below the highest one a disk names when no disk is on them (`nvme2n1` alone).
 * Runs after assignNvmeSerials, which gives a controller its disks' serial.
 * @see qemuValidateDomainDeviceDefControllerNVME
 */
export function validateNvmeControllers(def: DomainDef): void {
  for (const c of def.controllers)
    if (c.type === NVME && c.serial === undefined)
      fail(
        'invalid-controller',
        `NVMe controller ${c.index ?? 0} has no serial: write one on it, or on one of its disks`,
        culprit(c, 'qemuValidateDomainDeviceDefControllerNVME'),
      )
}
