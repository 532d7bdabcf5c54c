import { formatOptionsError, parseLibvirtVersion as parseVersion } from '@devaddr/formats'
import { DEFAULT_LIBVIRT_VERSION, LIBVIRT_VERSION_ALIASES, LIBVIRT_VERSIONS, type LibvirtVersion } from 'devaddr'

import { CLI_WORDING } from './cliWording.ts'
import { UsageError } from './commandIo.ts'

export const LIBVIRT_VERSION_HELP = `libvirt release to imitate: ${[...LIBVIRT_VERSIONS].reverse().join(', ')}, or ${Object.keys(LIBVIRT_VERSION_ALIASES).join(', ')} (default ${DEFAULT_LIBVIRT_VERSION}, the newest)`

/** `--libvirt-version`, checked by the pipeline's own parser. */
export function parseLibvirtVersion(arg: string | undefined): LibvirtVersion | undefined {
  if (arg === undefined) return undefined
  const version = parseVersion(arg)
  if (!version.ok) throw new UsageError(formatOptionsError(version.error, CLI_WORDING))
  return version.value
}
