/**
 * @devaddr/formats: libvirt domain XML in and out of the devaddr engine, losslessly; devaddr's
 * own YAML/JSON domain and policy formats; guest ABI comparison of two domains.
 * @packageDocumentation
 */

export { parseDomainXml } from './domain/parseDomainXml.ts'
export { serializeDomainXml } from './domain/serializeDomainXml.ts'
export { writeExpansion } from './domain/writeExpansion.ts'
export type { WritableExpansion } from './domain/writeExpansion.ts'
export { formatAddress } from './domain/formatAddress.ts'
export { parseUnsigned } from './domain/parseNumber.ts'
export { expandDomainXml, formatExpandXmlError, formatXmlError } from './expandDomainXml.ts'
export { DEVADDR_XML_NAMESPACE } from './domain/devaddrMetadata.ts'
export { parseDeviceXml, writeDeviceXml } from './domain/deviceXml.ts'
export { toDomainXml } from './domain/toDomainXml.ts'
export { parseDomainYaml, parseDomainJson, parsePolicyYaml, parsePolicyJson } from './data/parseDomainData.ts'
export { toYaml, toJson } from './data/serializeExpansion.ts'
export { formatFormatError } from './data/formatError.ts'
export { diffDomainAbi, formatAbiChange, addressText } from './abi/abiDiff.ts'
export { abiDomainFromXml, abiDomainFromInput } from './abi/abiDomain.ts'
export { decodeUtf8 } from './xml/decodeUtf8.ts'
export { DEFAULT_MAX_BYTES, MAX_ELEMENT_DEPTH } from './xml/xmlLimits.ts'

export type { DomainDocument } from './domain/domainDocument.ts'
export type { RecordedPolicy } from './domain/devaddrMetadata.ts'
export type { DeviceDocument } from './domain/deviceXml.ts'
export type { DomainData } from './data/parseDomainData.ts'
export type { SerializableExpansion } from './data/serializeExpansion.ts'
export type { FormatError, FormatErrorCode } from './data/formatError.ts'
export type { AbiChange } from './abi/abiDiff.ts'
export type { AbiDevice, AbiDomain } from './abi/abiDomain.ts'
export type { FormattedAddress, AttributeList } from './domain/formatAddress.ts'
export type { ExpandXmlError } from './expandDomainXml.ts'
export type { XmlError, XmlErrorCode } from './xml/xmlError.ts'
export type { XmlParseOptions } from './xml/xmlLimits.ts'
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
