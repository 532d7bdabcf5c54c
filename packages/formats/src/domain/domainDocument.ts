import type { DomainInput } from 'devaddr'

import type { XmlDocument } from '../xml/tree.ts'
import type { RecordedPolicy } from './devaddrMetadata.ts'

/**
 * A parsed domain XML: the lossless tree (everything devaddr does not model stays there) and
 * the engine's view of it. Treat it as immutable: `writeExpansion` works on a copy of `tree`.
 * @public
 */
export interface DomainDocument {
  readonly tree: XmlDocument
  /** what `expandDomain` reads; device `sourceIndex` is the ordinal among the device elements of `<devices>` */
  readonly input: DomainInput
  /** the policy recorded in devaddr's `<metadata>` element, when there is one */
  readonly policy?: RecordedPolicy
}
