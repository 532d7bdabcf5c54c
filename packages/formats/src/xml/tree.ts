/**
 * A lossless XML tree: every byte of the source is held by some node, so serialising an
 * unchanged tree gives the source back exactly (quotes, whitespace inside tags, comments,
 * CDATA, processing instructions, the XML declaration).
 */

import { decodeText, escapeAttribute, escapeText } from './escape.ts'

/**
 * One attribute, with the text around it as written.
 * @public
 */
export interface XmlAttribute {
  name: string
  /** decoded value */
  value: string
  /** whitespace before the name */
  lead: string
  /** text between the name and the opening quote: `=`, possibly with whitespace */
  eq: string
  quote: "'" | '"'
  /** the value as written between the quotes, entities not decoded */
  raw: string
}

/** @public */
export interface XmlElement {
  kind: 'element'
  name: string
  attributes: XmlAttribute[]
  /** whitespace between the last attribute and `>` or `/>` */
  tagEnd: string
  /** written as `<name/>`; only meaningful while `children` is empty */
  selfClosing: boolean
  children: XmlNode[]
  /** the end tag as written, e.g. `</name>` or `</name >`; unused when self-closing */
  closeTag: string
  /** 1-based line of the `<` of the start tag, when parsed */
  line?: number
  /** 1-based column of the `<` of the start tag, when parsed */
  column?: number
}

/** Character data, kept as written (entities and line ends untouched). @public */
export interface XmlText {
  kind: 'text'
  raw: string
}

/** `<!--…-->` as written. @public */
export interface XmlComment {
  kind: 'comment'
  raw: string
}

/** `<![CDATA[…]]>` as written. @public */
export interface XmlCData {
  kind: 'cdata'
  raw: string
}

/** `<?target …?>` as written. @public */
export interface XmlProcessingInstruction {
  kind: 'pi'
  target: string
  raw: string
}

/** `<?xml …?>` as written. @public */
export interface XmlDeclaration {
  kind: 'declaration'
  raw: string
}

/** @public */
export type XmlNode = XmlElement | XmlText | XmlComment | XmlCData | XmlProcessingInstruction | XmlDeclaration

/** @public */
export interface XmlDocument {
  kind: 'document'
  /** the source started with a U+FEFF byte order mark */
  bom: boolean
  /** prolog, the root element, and whatever follows it */
  children: XmlNode[]
}

/** The element children of a node, in order. */
export function childElements(parent: XmlElement | XmlDocument): XmlElement[] {
  return parent.children.filter((c): c is XmlElement => c.kind === 'element')
}

/** The first child element called `name`. */
export function childElement(parent: XmlElement | XmlDocument, name: string): XmlElement | undefined {
  return parent.children.find((c): c is XmlElement => c.kind === 'element' && c.name === name)
}

/** The root element of a document. */
export function rootElement(doc: XmlDocument): XmlElement | undefined {
  return doc.children.find((c): c is XmlElement => c.kind === 'element')
}

export function getAttribute(el: XmlElement, name: string): string | undefined {
  return el.attributes.find((a) => a.name === name)?.value
}

/** The decoded text content of an element (text and CDATA, descendants included). */
export function textContent(el: XmlElement): string {
  return el.children
    .map((c) => {
      switch (c.kind) {
        case 'text':
          return decodeText(c.raw)
        case 'cdata':
          return c.raw.slice('<![CDATA['.length, -']]>'.length)
        case 'element':
          return textContent(c)
        default:
          return ''
      }
    })
    .join('')
}

/** A new attribute written the way libvirt writes one: ` name='value'`. */
export function createAttribute(name: string, value: string): XmlAttribute {
  return { name, value, lead: ' ', eq: '=', quote: "'", raw: escapeAttribute(value) }
}

/**
 * Sets an attribute's value. An existing attribute keeps its place; its quotes and spacing are
 * kept when the value does not change and rewritten libvirt's way when it does.
 * A new attribute is appended.
 */
export function setAttribute(el: XmlElement, name: string, value: string): void {
  const i = el.attributes.findIndex((a) => a.name === name)
  const existing = el.attributes[i]
  if (existing === undefined) el.attributes.push(createAttribute(name, value))
  else if (existing.value !== value) el.attributes[i] = { ...createAttribute(name, value), lead: existing.lead }
}

export function removeAttribute(el: XmlElement, name: string): void {
  el.attributes = el.attributes.filter((a) => a.name !== name)
}

/** A new element with libvirt-style attributes; self-closing until it gets children. */
export function createElement(name: string, attributes: ReadonlyArray<readonly [string, string]> = []): XmlElement {
  return {
    kind: 'element',
    name,
    attributes: attributes.map(([n, v]) => createAttribute(n, v)),
    tagEnd: '',
    selfClosing: true,
    children: [],
    closeTag: `</${name}>`,
  }
}

export function createText(value: string): XmlText {
  return { kind: 'text', raw: escapeText(value) }
}

/** True for a text node holding only XML whitespace. */
export function isWhitespace(node: XmlNode): node is XmlText {
  return node.kind === 'text' && /^[ \t\r\n]*$/.test(node.raw)
}

/** A deep copy, so an edit never reaches the caller's tree. */
export function cloneNode<T extends XmlNode>(node: T): T {
  if (node.kind !== 'element') return { ...node }
  return {
    ...node,
    attributes: node.attributes.map((a) => ({ ...a })),
    children: node.children.map((c) => cloneNode(c)),
  }
}

export function cloneDocument(doc: XmlDocument): XmlDocument {
  return { kind: 'document', bom: doc.bom, children: doc.children.map((c) => cloneNode(c)) }
}

/**
 * Sets the attributes an owner controls, in the given order, ahead of all others: a value of
 * undefined removes that attribute. Attributes not in the list keep their order after them.
 */
export function setAttributesInOrder(el: XmlElement, owned: ReadonlyArray<readonly [string, string | undefined]>): void {
  for (const [name, value] of owned) {
    if (value === undefined) removeAttribute(el, name)
    else setAttribute(el, name, value)
  }
  const rank = new Map(owned.map(([name], i) => [name, i]))
  const first = el.attributes.filter((a) => rank.has(a.name)).sort((a, b) => (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0))
  el.attributes = [...first, ...el.attributes.filter((a) => !rank.has(a.name))]
}
