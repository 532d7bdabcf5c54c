import type { Result } from 'devaddr'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { err, ok } from '../result.ts'
import { xmlError, type XmlError } from './xmlError.ts'
import type { XmlAttribute, XmlDocument, XmlElement } from './tree.ts'

const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude'

/** Thrown inside saxes handlers to stop at the first problem; never escapes parseXml. */
class Stop {
  constructor(readonly error: XmlError) {}
}

/**
 * Parses XML text into a lossless tree (see `tree.ts`).
 *
 * saxes checks well-formedness and reports where each piece of markup ends; the exact text of
 * every node is then sliced from the source. Documents with a DOCTYPE are refused outright: no
 * DTD, entity declaration or external entity is ever processed. XInclude is refused too.
 *
 * @returns the tree, or an error with code `xml-syntax` or `unsafe-xml` and the 1-based line/column
 */
export function parseXml(source: string): Result<XmlDocument, XmlError> {
  const bom = source.startsWith('\uFEFF')
  const xml = bom ? source.slice(1) : source
  const lines = lineStarts(xml)
  const doc: XmlDocument = { kind: 'document', bom, children: [] }
  const stack: Array<XmlDocument | XmlElement> = [doc]
  const top = () => stack[stack.length - 1] ?? doc
  const parser = new SaxesParser({ position: true, xmlns: false })
  // End of the last piece of markup: whatever lies between it and the next `<` is text.
  let cursor = 0

  // Text can never hold a literal `<`, so the next markup always starts at the first `<` after the cursor.
  const takeMarkup = (): string => {
    const start = xml.indexOf('<', cursor)
    const end = parser.position
    if (start > cursor) top().children.push({ kind: 'text', raw: xml.slice(cursor, start) })
    cursor = end
    return xml.slice(start, end)
  }

  const place = (offset: number): { line: number; column: number } => {
    let lo = 0
    let hi = lines.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((lines[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (lines[lo] ?? 0) + 1 }
  }

  const unsafe = (message: string, offset: number): Stop => {
    const at = place(offset)
    return new Stop(xmlError('unsafe-xml', message, at.line, at.column))
  }

  parser.on('error', (e) => {
    // note: saxes' column is 0-based and points past the character that failed, so it equals
    // the 1-based column of that character.
    const message = e.message.replace(/^\d+:\d+: /, '')
    throw new Stop(xmlError('xml-syntax', message, parser.line, Math.max(parser.column, 1)))
  })
  parser.on('doctype', () => {
    throw unsafe(
      'DOCTYPE declarations are not accepted: a DTD can declare entities and load external files, so documents carrying one are refused',
      xml.indexOf('<!DOCTYPE', cursor),
    )
  })
  parser.on('xmldecl', () => {
    top().children.push({ kind: 'declaration', raw: takeMarkup() })
  })
  parser.on('processinginstruction', (pi) => {
    top().children.push({ kind: 'pi', target: pi.target, raw: takeMarkup() })
  })
  parser.on('comment', () => {
    top().children.push({ kind: 'comment', raw: takeMarkup() })
  })
  parser.on('cdata', () => {
    top().children.push({ kind: 'cdata', raw: takeMarkup() })
  })
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const start = xml.indexOf('<', cursor)
    const element = elementFromStartTag(takeMarkup(), tag)
    const at = place(start)
    element.line = at.line
    element.column = at.column
    for (const a of element.attributes) {
      if ((a.name === 'xmlns' || a.name.startsWith('xmlns:')) && a.value === XINCLUDE_NS) {
        throw unsafe(`XInclude (${a.name}='${XINCLUDE_NS}') is not accepted: it loads external documents`, start)
      }
    }
    top().children.push(element)
    stack.push(element)
  })
  parser.on('closetag', (tag) => {
    // note: take the end tag before popping, so the text in front of it stays inside the element
    const closeTag = tag.isSelfClosing ? undefined : takeMarkup()
    const element = stack.pop()
    if (element?.kind === 'element' && closeTag !== undefined) element.closeTag = closeTag
  })

  try {
    parser.write(xml).close()
  } catch (e) {
    if (e instanceof Stop) return err(e.error)
    throw e
  }
  if (cursor < xml.length) doc.children.push({ kind: 'text', raw: xml.slice(cursor) })
  return ok(doc)
}

/** Offsets at which each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) starts.push(i + 1)
    // a lone CR ends a line too (XML end-of-line handling)
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1)
  }
  return starts
}

const ATTRIBUTE_RE = /([ \t\r\n]+)([^\s=/>]+)([ \t\r\n]*=[ \t\r\n]*)(['"])/y

/**
 * Splits a well-formed start tag into its attributes, keeping the text around each one.
 * Values come from saxes, which has already decoded and normalised them.
 */
function elementFromStartTag(raw: string, tag: SaxesTagPlain): XmlElement {
  const selfClosing = raw.endsWith('/>')
  const body = raw.slice(1, selfClosing ? -2 : -1)
  const attributes: XmlAttribute[] = []
  let i = tag.name.length
  for (;;) {
    ATTRIBUTE_RE.lastIndex = i
    const m = ATTRIBUTE_RE.exec(body)
    if (m === null) break
    const [whole, lead = '', name = '', eq = '', quote = "'"] = m
    const valueStart = i + whole.length
    const valueEnd = body.indexOf(quote, valueStart)
    attributes.push({
      name,
      value: tag.attributes[name] ?? '',
      lead,
      eq,
      quote: quote === '"' ? '"' : "'",
      raw: body.slice(valueStart, valueEnd),
    })
    i = valueEnd + 1
  }
  return {
    kind: 'element',
    name: tag.name,
    attributes,
    tagEnd: body.slice(i),
    selfClosing,
    children: [],
    closeTag: `</${tag.name}>`,
  }
}
