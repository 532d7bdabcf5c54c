/**
 * @devaddr/conformance: scores the engine on libvirt's own test corpus. Exported for the other
 * test packages (livecheck, parity): the engine binding, the case runner and the
 * address-contract comparison of two domains.
 * @packageDocumentation
 */
export { expandWithFormats } from './engine.ts'
export { runCase, isNewDomain, removedCapabilities } from './runCase.ts'
export type { CaseResult, ExpandXml } from './runCase.ts'
export { compareDomains, formatDifference } from './compareDomains.ts'
export type { Difference } from './compareDomains.ts'
export { parseXmlTree, childElement } from './xmlTree.ts'
export type { XmlElement, XmlTreeResult } from './xmlTree.ts'
export { corpusDir, isCorpusDir, loadCases } from './corpus.ts'
export { formatTable } from './report.ts'
export type { CaseMeta, CorpusCase } from './corpus.ts'
