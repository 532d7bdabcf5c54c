import { formatOptionsError, parseQemuVersion } from '@devaddr/formats'
import { LIBVIRT_PROFILES, LIBVIRT_VERSIONS, QEMU_CAPABILITIES, type QemuCapabilities, type QemuCapability } from 'devaddr'

import { CLI_WORDING } from './cliWording.ts'
import { UsageError } from './commandIo.ts'

export const QEMU_HELP = `QEMU whose devices to assume, e.g. 10.0 (default: the release's own, ${LIBVIRT_VERSIONS.map((v) => `${v}→${LIBVIRT_PROFILES[v].qemu}`).join(', ')})`

export const ANY_MACHINE_VERSION_HELP =
  "address a machine type the release's QEMU lacks (a RHEL or Ubuntu host's pc-q35-rhel9.4.0) as the rest of its family, where libvirt refuses it"
export const QEMU_MISSING_HELP = `capabilities the QEMU lacks on top, comma-separated: ${QEMU_CAPABILITIES.join(', ')}`

/** `--qemu`, checked by the pipeline's own parser. */
export function parseQemuOption(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined
  const version = parseQemuVersion(arg)
  if (!version.ok) throw new UsageError(formatOptionsError(version.error, CLI_WORDING))
  return version.value
}

/** `--qemu-missing piix3-usb-uhci,pci-ohci`: single capabilities removed from `--qemu`'s. */
export function parseQemuMissingOption(arg: string | undefined): QemuCapabilities | undefined {
  if (arg === undefined) return undefined
  const names = arg
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const unknown = names.filter((n) => !(QEMU_CAPABILITIES as readonly string[]).includes(n))
  if (unknown.length > 0)
    throw new UsageError(`--qemu-missing: unknown capability ${unknown.join(', ')}; known: ${QEMU_CAPABILITIES.join(', ')}`)
  return { missing: names as QemuCapability[] }
}
