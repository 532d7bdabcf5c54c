import { type AddrError, addrError, type AddrErrorCode, type ErrorSite, formatAddrError } from './errors.ts'

/**
 * Internal carrier for a rejection deep inside assignment. It never escapes the engine:
 * `expandDomain` catches it and returns the AddrError as a value.
 */
export class AddrFailure extends Error {
  constructor(readonly error: AddrError) {
    super(formatAddrError(error))
  }
}

/**
 * Rejects the domain from deep inside assignment: `site` names the libvirt function the rule
 * mirrors and, when a device is at fault, the device itself (its id reaches the error).
 * @example fail('no-free-slot', 'no free USB ports', culprit(d, 'virDomainUSBAddressAssign'))
 */
export function fail(code: AddrErrorCode, message: string, site: ErrorSite): never {
  throw new AddrFailure(addrError(code, message, site))
}
