import type { XmlAttribute, XmlElement, XmlNode } from '@devaddr/formats'

/**
 * Small helpers over the formats package's lossless XML tree, for the parts of a domain the
 * studio writes itself (NUMA cells, device sources): formats' writer owns only addresses and
 * controllers.
 */

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;')

function attribute(name: string, value: string): XmlAttribute {
  return { name, value, lead: ' ', eq: '=', quote: "'", raw: escapeAttr(value) }
}

/** A new element written libvirt's way (single quotes), self-closing until it has children. */
export function element(name: string, attrs: ReadonlyArray<readonly [string, string | undefined]> = []): XmlElement {
  return {
    kind: 'element',
    name,
    attributes: attrs.filter((a): a is readonly [string, string] => a[1] !== undefined).map(([n, v]) => attribute(n, v)),
    tagEnd: '',
    selfClosing: true,
    children: [],
    closeTag: `</${name}>`,
  }
}

export const textNode = (raw: string): XmlNode => ({ kind: 'text', raw })

/** The child elements of `parent` named `name`. */
export function children(parent: XmlElement, name?: string): XmlElement[] {
  return parent.children.filter((c): c is XmlElement => c.kind === 'element' && (name === undefined || c.name === name))
}

export const child = (parent: XmlElement, name: string): XmlElement | undefined => children(parent, name)[0]

export const attr = (el: XmlElement | undefined, name: string): string | undefined => el?.attributes.find((a) => a.name === name)?.value

/** Sets (or with undefined removes) an attribute; an existing one keeps its place. */
export function setAttr(el: XmlElement, name: string, value: string | undefined): void {
  const i = el.attributes.findIndex((a) => a.name === name)
  if (value === undefined) {
    if (i !== -1) el.attributes.splice(i, 1)
    return
  }
  const next = attribute(name, value)
  if (i === -1) el.attributes.push(next)
  else if (el.attributes[i]!.value !== value) el.attributes[i] = { ...next, lead: el.attributes[i]!.lead }
}

/** The text content of an element (entities of the common kinds decoded). */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return ''
  return el.children
    .map((c) => (c.kind === 'text' ? c.raw : c.kind === 'element' ? textOf(c) : ''))
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim()
}

/** Replaces the text of an element. */
export function setText(el: XmlElement, value: string): void {
  el.children = [textNode(value.replace(/&/g, '&amp;').replace(/</g, '&lt;'))]
  el.selfClosing = false
}

/** The indentation of the line `el` starts on inside `parent` (the whitespace text before it). */
export function indentOf(parent: XmlElement, el: XmlElement): string | undefined {
  const i = parent.children.indexOf(el)
  const before = i > 0 ? parent.children[i - 1] : undefined
  if (before?.kind !== 'text') return undefined
  const nl = before.raw.lastIndexOf('\n')
  return nl === -1 ? undefined : before.raw.slice(nl + 1)
}

/**
 * Inserts `node` as a child of `parent` (which sits at `parentIndent`), indented one `unit`
 * deeper, before `before` (or last when there is no such child).
 */
export function insertChild(parent: XmlElement, node: XmlElement, parentIndent: string, unit = '  ', before?: XmlElement): void {
  const inner = parentIndent + unit
  if (parent.children.length === 0 || parent.selfClosing) {
    parent.children = [textNode(`\n${inner}`), node, textNode(`\n${parentIndent}`)]
    parent.selfClosing = false
    return
  }
  const at = before ? parent.children.indexOf(before) : -1
  if (at !== -1) {
    // note: `before` is preceded by its indentation text; the new element goes before that text
    const lead = at > 0 && parent.children[at - 1]?.kind === 'text' ? at - 1 : at
    parent.children.splice(lead, 0, textNode(`\n${inner}`), node)
    // the new text already indents `node`; make sure `before` still starts its own line
    if (lead === at) parent.children.splice(lead + 2, 0, textNode(`\n${inner}`))
    return
  }
  const last = parent.children[parent.children.length - 1]
  if (last?.kind === 'text' && /\n[ \t]*$/.test(last.raw)) {
    parent.children.splice(parent.children.length - 1, 0, textNode(`\n${inner}`), node)
    return
  }
  parent.children.push(textNode(`\n${inner}`), node, textNode(`\n${parentIndent}`))
}

/** Removes a child element and the indentation text before it. */
export function removeChild(parent: XmlElement, el: XmlElement): void {
  const i = parent.children.indexOf(el)
  if (i === -1) return
  const lead = i > 0 && parent.children[i - 1]?.kind === 'text' && /^\s*$/.test((parent.children[i - 1] as { raw: string }).raw) ? 1 : 0
  parent.children.splice(i - lead, 1 + lead)
}

/** Replaces the child named `name` with `next` (or inserts it before `before` when absent). */
export function replaceChild(
  parent: XmlElement,
  name: string,
  next: XmlElement | undefined,
  parentIndent: string,
  unit = '  ',
  before?: XmlElement,
): void {
  const old = child(parent, name)
  if (old && next) {
    parent.children[parent.children.indexOf(old)] = next
    return
  }
  if (old) removeChild(parent, old)
  if (next) insertChild(parent, next, parentIndent, unit, before)
}
