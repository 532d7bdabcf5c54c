/**
 * A lossless XML tree: every byte of the source is held by some node, so serialising an
 * unchanged tree gives the source back exactly (quotes, whitespace inside tags, comments,
 * CDATA, processing instructions, the XML declaration).
 */

import { exhaustive } from '../result.ts'
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
  /**
   * When parsed: the offset of the `<` of the start tag in the text read (after any byte order
   * mark: see `parsedText`), and the offset just past the end tag (or the `/>`). While the
   * element and its subtree are unedited, that stretch of the text is the element's
   * serialisation; copies keep the offsets, so only a writer that knows its tree is unedited
   * may use them.
   */
  start?: number
  end?: number
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
  let out = ''
  // note: depth first in document order with an explicit stack of pending child lists, so no
  // depth of nesting costs call stack
  const lists: XmlNode[][] = [el.children]
  const next: number[] = [0]
  while (lists.length > 0) {
    const top = lists.length - 1
    const list = lists[top]!
    const i = next[top]!
    if (i >= list.length) {
      lists.pop()
      next.pop()
      continue
    }
    next[top] = i + 1
    const c = list[i]!
    switch (c.kind) {
      case 'text':
        out += decodeText(c.raw)
        break
      case 'cdata':
        out += c.raw.slice('<![CDATA['.length, -']]>'.length)
        break
      case 'element':
        lists.push(c.children)
        next.push(0)
        break
      case 'comment':
      case 'pi':
      case 'declaration':
        break
      default:
        exhaustive(c)
    }
  }
  return out
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

/** A deep copy, so an edit never reaches the caller's tree. Trees of any depth are copied without recursion. */
export function cloneNode<T extends XmlNode>(node: T): T {
  if (node.kind !== 'element') return { ...node }
  const copy = shallowCopy(node)
  cloneChildrenInto([[node, copy]])
  return copy as T
}

export function cloneDocument(doc: XmlDocument): XmlDocument {
  const copy: XmlDocument = { kind: 'document', bom: doc.bom, children: [] }
  const pending: Array<[XmlElement, XmlElement]> = []
  copy.children = doc.children.map((c) => copyOne(c, pending))
  cloneChildrenInto(pending)
  return copy
}

/** Fills in the children of each copied element from its original's, until none is left to do. */
function cloneChildrenInto(pending: Array<[XmlElement, XmlElement]>): void {
  // note: each element's children are copied in order, whatever order the elements come in
  for (let job = pending.pop(); job !== undefined; job = pending.pop()) {
    const [original, copy] = job
    copy.children = original.children.map((c) => copyOne(c, pending))
  }
}

/** A copy of `node` whose children (if an element) are yet to be copied: queued on `pending`. */
function copyOne(node: XmlNode, pending: Array<[XmlElement, XmlElement]>): XmlNode {
  if (node.kind !== 'element') return { ...node }
  const copy = shallowCopy(node)
  pending.push([node, copy])
  return copy
}

function shallowCopy(el: XmlElement): XmlElement {
  return { ...el, attributes: el.attributes.map((a) => ({ ...a })), children: [] }
}

/**
 * Sets the attributes an owner controls, in the given order, ahead of all others: a value of
 * undefined removes that attribute. Attributes not in the list keep their order after them.
 */
export function setAttributesInOrder(el: XmlElement, owned: ReadonlyArray<readonly [string, string | undefined]>): void {
  // note: one pass over small arrays, without maps or sorting: this runs for every controller
  const first: XmlAttribute[] = []
  for (const [name, value] of owned) {
    if (value === undefined) continue
    const existing = el.attributes.find((a) => a.name === name)
    if (existing === undefined) first.push(createAttribute(name, value))
    else first.push(existing.value === value ? existing : { ...createAttribute(name, value), lead: existing.lead })
  }
  const rest = el.attributes.filter((a) => !owned.some(([name]) => name === a.name))
  el.attributes = rest.length === 0 ? first : first.concat(rest)
}
