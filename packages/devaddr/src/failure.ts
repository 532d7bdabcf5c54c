import { addrError, formatAddrError, type AddrError, type AddrErrorCode } from './errors.ts'

/**
 * Internal carrier for a rejection deep inside assignment. It never escapes the engine:
 * `expandDomain` catches it and returns the AddrError as a value.
 */
export class AddrFailure extends Error {
  constructor(readonly error: AddrError) {
    super(formatAddrError(error))
  }
}

export function fail(code: AddrErrorCode, message: string, device?: string, address?: string): never {
  throw new AddrFailure(addrError(code, message, device, address))
}
