import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'
import { QEMU_CAPABILITIES, type QemuCapability } from 'devaddr'
import type { ExpandXml } from './runCase.ts'

const known = (c: string): c is QemuCapability => (QEMU_CAPABILITIES as readonly string[]).includes(c)

/** The real engine: @devaddr/formats' XML front end over devaddr. */
export const expandWithFormats: ExpandXml = (xml, options) => {
  // note: a removed capability the engine does not model cannot change its result
  const missing = options.qemuCaps?.missing.filter(known) ?? []
  const result = expandDomainXml(xml, { newDomain: options.newDomain, ...(missing.length ? { qemuCaps: { missing } } : {}) })
  return result.ok ? { ok: true, xml: result.value } : { ok: false, message: formatExpandXmlError(result.error) }
}
