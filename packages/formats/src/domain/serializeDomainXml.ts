import { serializeXml } from '../xml/serializeXml.ts'
import type { DomainDocument } from './domainDocument.ts'

/**
 * Writes a domain document back as text. For a document straight from `parseDomainXml` this is
 * the original input, byte for byte.
 * @public
 */
export function serializeDomainXml(doc: DomainDocument): string {
  return serializeXml(doc.tree)
}
