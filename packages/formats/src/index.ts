/**
 * @devaddr/formats: libvirt domain XML in and out of the devaddr engine, losslessly.
 * @packageDocumentation
 */

export { parseDomainXml } from './domain/parseDomainXml.ts'
export { serializeDomainXml } from './domain/serializeDomainXml.ts'
export { writeExpansion } from './domain/writeExpansion.ts'
export type { WritableExpansion } from './domain/writeExpansion.ts'
export { formatAddress } from './domain/formatAddress.ts'
export { parseUnsigned } from './domain/parseNumber.ts'
export { expandDomainXml, formatExpandXmlError, formatXmlError } from './expandDomainXml.ts'

export type { DomainDocument } from './domain/domainDocument.ts'
export type { FormattedAddress, AttributeList } from './domain/formatAddress.ts'
export type { ExpandXmlError } from './expandDomainXml.ts'
export type { XmlError, XmlErrorCode } from './xml/xmlError.ts'
export type {
  XmlAttribute,
  XmlCData,
  XmlComment,
  XmlDeclaration,
  XmlDocument,
  XmlElement,
  XmlNode,
  XmlProcessingInstruction,
  XmlText,
} from './xml/tree.ts'
