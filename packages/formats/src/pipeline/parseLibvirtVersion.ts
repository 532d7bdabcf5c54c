import { type LibvirtVersion, libvirtVersionNamed, QEMU_VERSION_PATTERN, type Result } from 'devaddr'

import { err, ok } from '../result.ts'
import type { OptionsError } from './documentError.ts'

/**
 * A libvirt release devaddr imitates (`12.8`, `11.3`, `9.9`, `9.0`, or `latest`; see
 * `LIBVIRT_VERSIONS`), as a CLI `--libvirt-version` or a `?libvirtVersion=` query gives it.
 *
 * @returns the version, or an `unknown-libvirt-version` error
 * @public
 */
export function parseLibvirtVersion(text: string): Result<LibvirtVersion, OptionsError> {
  const version = libvirtVersionNamed(text)
  return version !== undefined ? ok(version) : err({ code: 'unknown-libvirt-version', text })
}

/**
 * A QEMU version (`10.0`, `8.2.0`), as a CLI `--qemu` or a `?qemu=` query gives it: the
 * engine assumes the devices of the recorded QEMU of that version (or the nearest older one).
 *
 * @returns the version, or a `bad-qemu-version` error
 * @public
 */
export function parseQemuVersion(text: string): Result<string, OptionsError> {
  return QEMU_VERSION_PATTERN.test(text) ? ok(text) : err({ code: 'bad-qemu-version', text })
}
