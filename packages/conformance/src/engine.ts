import { expandDocument, formatDocumentError } from '@devaddr/formats'
import { QEMU_CAPABILITIES, type QemuCapability } from 'devaddr'
import type { ExpandXml } from './runCase.ts'

const known = (c: string): c is QemuCapability => (QEMU_CAPABILITIES as readonly string[]).includes(c)

/**
 * The real engine: @devaddr/formats' document pipeline over devaddr, with the case's parse
 * flag (`newDomain`) and removed QEMU capabilities as overrides.
 */
export const expandWithFormats: ExpandXml = (xml, options) => {
  // note: a removed capability the engine does not model cannot change its result
  const missing = options.qemuCaps?.missing.filter(known) ?? []
  const result = expandDocument(xml, 'xml', { overrides: { newDomain: options.newDomain, ...(missing.length ? { qemuCaps: { missing } } : {}) } })
  return result.ok ? { ok: true, xml: result.value.text } : { ok: false, message: formatDocumentError(result.error) }
}
