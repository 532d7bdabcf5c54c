import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import type { Device } from '../model/device.ts'

const UID_MIN = 1
const UID_MAX = 0xffff
const FID_MIN = 0
const FID_MAX = 0xffffffff

/**
 * The zPCI uids and fids in use on an s390 guest.
 * @see virDomainZPCIAddressEnsureAddr
 */
export class ZpciIds {
  private readonly uids = new Set<number>()
  private readonly fids = new Set<number>()

  /** Fills a missing uid/fid with the lowest free one and reserves both. */
  ensure(zpci: { uid?: number; fid?: number }, who: Device): { uid: number; fid: number } {
    const uid = zpci.uid ?? lowestFree(this.uids, UID_MIN, UID_MAX, 'uid', who)
    const fid = zpci.fid ?? lowestFree(this.fids, FID_MIN, FID_MAX, 'fid', who)
    if (this.uids.has(uid))
      fail(
        'address-conflict',
        `zPCI uid 0x${uid.toString(16).padStart(4, '0')} is already in use`,
        culprit(who, 'virDomainZPCIAddressReserveId'),
      )
    if (this.fids.has(fid))
      fail(
        'address-conflict',
        `zPCI fid 0x${fid.toString(16).padStart(8, '0')} is already in use`,
        culprit(who, 'virDomainZPCIAddressReserveId'),
      )
    this.uids.add(uid)
    this.fids.add(fid)
    return { uid, fid }
  }
}

function lowestFree(set: Set<number>, min: number, max: number, what: string, who: Device): number {
  for (let v = min; v <= max; v++) if (!set.has(v)) return v
  return fail('no-free-slot', `there is no free zPCI ${what} left`, culprit(who, 'virDomainZPCIAddressAssignId'))
}

/** Every device but character devices can carry a zPCI extension. @see qemuDomainDeviceSupportZPCI */
export function supportsZpci(d: Device): boolean {
  return d.kind !== 'serial' && d.kind !== 'console' && d.kind !== 'channel' && d.kind !== 'parallel'
}
