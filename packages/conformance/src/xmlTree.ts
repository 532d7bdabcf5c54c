import { SaxesParser } from 'saxes'

/** An element of a parsed XML document: only what the comparison reads. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  /** the element's own text (not its descendants'), entities decoded */
  text: string
}

/** A parse failure: the parser's message, with line and column. */
export type XmlTreeResult = { ok: true; value: XmlElement } | { ok: false; error: string }

/**
 * Parses an XML document into a plain element tree. Comments, processing instructions and
 * namespaces are ignored (libvirt's own elements carry no prefix). Pure and deterministic.
 *
 * note: deliberately independent of @devaddr/formats, so the oracle side of a comparison
 * does not share a parser with the code under test.
 */
export function parseXmlTree(xml: string): XmlTreeResult {
  const parser = new SaxesParser()
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let error: string | undefined
  parser.on('error', (e) => {
    error ??= e.message
  })
  parser.on('opentag', (tag) => {
    // note: without xmlns processing, saxes gives attribute values as plain strings
    const attributes: Record<string, string> = { ...tag.attributes }
    const element: XmlElement = { name: tag.name, attributes, children: [], text: '' }
    const parent = stack[stack.length - 1]
    if (parent) parent.children.push(element)
    else root ??= element
    stack.push(element)
  })
  parser.on('closetag', () => {
    stack.pop()
  })
  const onText = (text: string): void => {
    const current = stack[stack.length - 1]
    if (current) current.text += text
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  try {
    parser.write(xml).close()
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e)
  }
  if (error !== undefined) return { ok: false, error }
  if (root === undefined) return { ok: false, error: 'no root element' }
  return { ok: true, value: root }
}

/** The first child element named `name`. */
export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name)
}
