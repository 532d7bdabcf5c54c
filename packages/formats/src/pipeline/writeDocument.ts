import type { Expansion } from 'devaddr'

import { toJson, toYaml } from '../data/serializeExpansion.ts'
import { toDomainXml } from '../domain/toDomainXml.ts'
import { writeExpansion } from '../domain/writeExpansion.ts'
import { exhaustive } from '../result.ts'
import type { DocumentSyntax } from './documentSyntax.ts'
import type { OpenedDocument } from './openDocument.ts'

/**
 * Writes an expansion of `doc` in `format` (default: the document's own syntax). XML goes
 * into the document it came from (`writeExpansion`: everything devaddr does not own is kept),
 * or, for a YAML/JSON document, into a skeleton `<domain>` (`toDomainXml`); YAML and JSON are
 * `toYaml`/`toJson` of the expansion. Deterministic: the same inputs give the same bytes.
 *
 * @public
 */
export function writeDocument(doc: OpenedDocument, expansion: Expansion, format: DocumentSyntax = doc.syntax): string {
  switch (format) {
    case 'xml':
      return doc.syntax === 'xml' ? writeExpansion(doc.doc, expansion) : toDomainXml(expansion, doc.input)
    case 'yaml':
      return toYaml(expansion, doc.input)
    case 'json':
      return toJson(expansion, doc.input)
    default:
      return exhaustive(format)
  }
}
