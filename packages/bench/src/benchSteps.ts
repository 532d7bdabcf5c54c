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
  /**
   * The floor for this output: parse the input and write the expanded document's tree (read
   * beforehand, untimed), node by node: what a lossless tool that reads and writes this output
   * as a tree pays.
   */
  outputFloor: (xml: string, output: DomainDocument) => string
  /** reads an expanded text, to hand to `outputFloor` */
  readOutput: (expanded: string) => DomainDocument | undefined
}

const NEW_DOMAIN = { newDomain: true }

/**
 * The text as one flat string, as a consumer that writes it to a file or a socket needs it.
 * note: a serializer that concatenates returns a rope, which V8 copies into one string only
 * when something reads it; the bench makes both sides pay that copy, or a writer that
 * flattens as it goes (to keep the garbage collector's work down) would be timed against a
 * floor that left its copy to whoever reads the text
 */
export function usable(text: string): string {
  text.charCodeAt(0)
  return text
}
// note: as in expandDomainXml, which writes no explanations or warnings and so asks for none,
// and whose writer reads the engine's own device objects
const ENGINE_OPTIONS = { newDomain: true, explain: false, warnings: false, plainDevices: false }

/** The steps as @devaddr/formats and devaddr export them. */
export function loadBenchSteps(): BenchSteps {
  return {
    expandXml: (xml) => {
      const r = expandDomainXml(xml, NEW_DOMAIN)
      return r.ok ? { ok: true, value: usable(r.value) } : { ok: false, message: formatExpandXmlError(r.error) }
    },
    parse: (xml) => {
      const r = parseDomainXml(xml)
      return r.ok ? r : { ok: false, message: formatXmlError(r.error) }
    },
    engine: (doc) => {
      const r = expandDomain(doc.input, ENGINE_OPTIONS)
      return r.ok ? r : { ok: false, message: r.error.map(formatAddrError).join('; ') }
    },
    serialize: (doc, expansion) => usable(writeExpansion(doc, expansion)),
    floor: (xml) => {
      const r = parseDomainXml(xml)
      return r.ok ? usable(serializeDomainXml(r.value)) : ''
    },
    outputFloor: (xml, output) => (parseDomainXml(xml).ok ? usable(serializeDomainXml(output)) : ''),
    readOutput: (expanded) => {
      const r = parseDomainXml(expanded)
      return r.ok ? r.value : undefined
    },
  }
}
