import { expandDomainXml, formatExpandXmlError } from '@devaddr/formats'
import type { ExpandXml } from './runCase.ts'

/** The real engine: @devaddr/formats' XML front end over devaddr. */
export const expandWithFormats: ExpandXml = (xml, options) => {
  const result = expandDomainXml(xml, options)
  return result.ok ? { ok: true, xml: result.value } : { ok: false, message: formatExpandXmlError(result.error) }
}
