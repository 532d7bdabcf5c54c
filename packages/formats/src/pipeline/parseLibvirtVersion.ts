import { LIBVIRT_VERSIONS, type LibvirtVersion, type Result } from 'devaddr'
import { err, ok } from '../result.ts'
import type { OptionsError } from './documentError.ts'

/**
 * A libvirt release devaddr imitates (`9.9`, `9.0`; see `LIBVIRT_VERSIONS`), as a CLI
 * `--libvirt-version` or a `?libvirtVersion=` query gives it.
 *
 * @returns the version, or an `unknown-libvirt-version` error
 * @public
 */
export function parseLibvirtVersion(text: string): Result<LibvirtVersion, OptionsError> {
  return (LIBVIRT_VERSIONS as readonly string[]).includes(text) ? ok(text as LibvirtVersion) : err({ code: 'unknown-libvirt-version', text })
}
