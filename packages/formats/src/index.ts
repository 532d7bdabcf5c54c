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
// the lossless XML tree alone, for a caller that reads or edits a document without the engine's model of it
export { parsedText, parseXml } from './xml/parseXml.ts'
export { serializeXml } from './xml/serializeXml.ts'
export { driftDocument, formatDriftChange } from './pipeline/driftDocument.ts'
export { DEFAULT_MAX_BYTES, MAX_ELEMENT_DEPTH } from './xml/xmlLimits.ts'

// the document pipeline: open → resolve options → run → write, the same for every front end
export { DOCUMENT_SYNTAXES, syntaxOfPath } from './pipeline/documentSyntax.ts'
export { openDocument } from './pipeline/openDocument.ts'
export { resolveOptions, DEFAULT_LIBVIRT_VERSION } from './pipeline/resolveOptions.ts'
export { parsePolicyName, policyId } from './pipeline/parsePolicyName.ts'
export { parseLibvirtVersion, parseQemuVersion } from './pipeline/parseLibvirtVersion.ts'
export { runDocument } from './pipeline/runDocument.ts'
export { writeDocument } from './pipeline/writeDocument.ts'
export { expandDocument } from './pipeline/expandDocument.ts'
export { documentErrorCodes } from './pipeline/documentError.ts'
export { formatDocumentError, formatOptionsError, DEFAULT_WORDING } from './pipeline/formatDocumentError.ts'

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
export type { DocumentSyntax } from './pipeline/documentSyntax.ts'
export type {
  DocumentChoices,
  DocumentPolicy,
  OpenedDataDocument,
  OpenedDocument,
  OpenedXmlDocument,
  OpenOptions,
} from './pipeline/openDocument.ts'
export type { DocumentOverrides, ResolvedOptions } from './pipeline/resolveOptions.ts'
export type { ExpandDocumentRequest, ExpandedDocument } from './pipeline/expandDocument.ts'
export type { DocumentError, OptionsError } from './pipeline/documentError.ts'
export type { ErrorWording } from './pipeline/formatDocumentError.ts'
export type { XmlParseOptions } from './xml/xmlLimits.ts'
export type { DriftChange, DriftReport, DriftRequest } from './pipeline/driftDocument.ts'
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
