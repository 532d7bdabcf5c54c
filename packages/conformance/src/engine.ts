import { expandDocument, formatDocumentError, parseLibvirtVersion, parseQemuVersion } from '@devaddr/formats'
import { QEMU_CAPABILITIES, type QemuCapability } from 'devaddr'

import type { ExpandXml } from './runCase.ts'

const known = (c: string): c is QemuCapability => (QEMU_CAPABILITIES as readonly string[]).includes(c)

/**
 * The real engine: @devaddr/formats' document pipeline over devaddr, with the case's parse
 * flag (`newDomain`), release, QEMU and removed capabilities as overrides, the same ones the
 * CLI's `--existing`, `--libvirt-version`, `--qemu` and `--qemu-missing` set.
 */
export const expandWithFormats: ExpandXml = (xml, options) => {
  // note: a removed capability the engine does not model cannot change its result
  const missing = options.qemuCaps?.missing.filter(known) ?? []
  const version = options.libvirtVersion !== undefined ? parseLibvirtVersion(options.libvirtVersion) : undefined
  if (version && !version.ok) throw new Error(`unknown libvirt version ${options.libvirtVersion}`)
  const qemu = options.qemu !== undefined ? parseQemuVersion(options.qemu) : undefined
  if (qemu && !qemu.ok) throw new Error(`bad QEMU version ${options.qemu}`)
  const result = expandDocument(xml, 'xml', {
    overrides: {
      newDomain: options.newDomain,
      ...(version ? { libvirtVersion: version.value } : {}),
      ...(qemu ? { qemu: qemu.value } : {}),
      ...(missing.length ? { qemuCaps: { missing } } : {}),
    },
  })
  return result.ok ? { ok: true, xml: result.value.text } : { ok: false, message: formatDocumentError(result.error) }
}
