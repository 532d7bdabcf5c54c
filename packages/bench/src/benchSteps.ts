import {
  type DomainDocument,
  expandDomainXml,
  formatExpandXmlError,
  formatXmlError,
  parseDomainXml,
  serializeDomainXml,
  writeExpansion,
} from '@devaddr/formats'
import { expandDomain, type Expansion, formatAddrError } from 'devaddr'

type Step<T> = { ok: true; value: T } | { ok: false; message: string }

/** The pipeline cut in three, so the bench can time each part; plus the whole, end to end. */
export interface BenchSteps {
  expandXml: (xml: string) => Step<string>
  parse: (xml: string) => Step<DomainDocument>
  engine: (doc: DomainDocument) => Step<Expansion>
  serialize: (doc: DomainDocument, expansion: Expansion) => string
  /** parse and write back the document unchanged: the floor of any lossless XML tool */
  floor: (xml: string) => string
}

const NEW_DOMAIN = { newDomain: true }

/** The steps as @devaddr/formats and devaddr export them. */
export function loadBenchSteps(): BenchSteps {
  return {
    expandXml: (xml) => {
      const r = expandDomainXml(xml, NEW_DOMAIN)
      return r.ok ? r : { ok: false, message: formatExpandXmlError(r.error) }
    },
    parse: (xml) => {
      const r = parseDomainXml(xml)
      return r.ok ? r : { ok: false, message: formatXmlError(r.error) }
    },
    engine: (doc) => {
      const r = expandDomain(doc.input, NEW_DOMAIN)
      return r.ok ? r : { ok: false, message: r.error.map(formatAddrError).join('; ') }
    },
    serialize: (doc, expansion) => writeExpansion(doc, expansion),
    floor: (xml) => {
      const r = parseDomainXml(xml)
      return r.ok ? serializeDomainXml(r.value) : ''
    },
  }
}
