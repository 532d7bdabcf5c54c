import { LIBVIRT_VERSIONS, type LibvirtVersion } from 'devaddr'
import { UsageError } from './commandIo.ts'

export const LIBVIRT_VERSION_HELP = `libvirt release to imitate: ${LIBVIRT_VERSIONS.join(' or ')} (default 9.9)`

/** `--libvirt-version`, checked. */
export function parseLibvirtVersion(arg: string | undefined): LibvirtVersion | undefined {
  if (arg === undefined) return undefined
  if ((LIBVIRT_VERSIONS as readonly string[]).includes(arg)) return arg as LibvirtVersion
  throw new UsageError(`--libvirt-version must be ${LIBVIRT_VERSIONS.join(' or ')}, not '${arg}'`)
}
