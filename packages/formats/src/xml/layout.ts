/**
 * Indentation-aware edits of a lossless tree: new children are placed on their own line,
 * indented like their siblings, so an edited document still reads like libvirt's output.
 */

import { createText, isWhitespace, type XmlDocument, type XmlElement, type XmlNode } from './tree.ts'

/** libvirt indents by two spaces per level. */
export const DEFAULT_INDENT_UNIT = '  '

/** The indentation of the line `child` starts on, when it starts a line. */
export function indentBefore(parent: XmlElement | XmlDocument, child: XmlNode): string | undefined {
  const i = parent.children.indexOf(child)
  const prev = i > 0 ? parent.children[i - 1] : undefined
  return prev?.kind === 'text' ? lastLineIndent(prev.raw) : undefined
}

/** The whitespace after the last line break of a text, when the text ends in a line's indentation. */
export function lastLineIndent(raw: string): string | undefined {
  // note: a backward scan instead of a regular expression: this runs for every element written
  let i = raw.length
  while (i > 0 && (raw.charCodeAt(i - 1) === 0x20 || raw.charCodeAt(i - 1) === 0x09)) i--
  const before = raw.charCodeAt(i - 1)
  return before === 0x0a || before === 0x0d ? raw.slice(i) : undefined
}

/** The indentation of `parent`'s element children, or one level deeper than `parentIndent`. */
export function childIndent(parent: XmlElement, parentIndent: string, unit: string): string {
  return indentAt(parent, firstElementIndex(parent)) ?? parentIndent + unit
}

/** The document's indentation step, read from the root's first child. */
export function indentUnit(root: XmlElement): string {
  const indent = indentAt(root, firstElementIndex(root))
  return indent !== undefined && indent.length > 0 ? indent : DEFAULT_INDENT_UNIT
}

/**
 * Inserts `child` so that it becomes element child number `position` of `parent` (0 = first;
 * past the end = last), on its own line.
 *
 * note: finds its place by scanning from the nearer end, so appending one element after
 * another costs no more each time (appendChildElement in a loop stays linear).
 *
 * @param parentIndent the indentation of `parent`'s own start tag
 */
export function insertChildElement(parent: XmlElement, child: XmlElement, position: number, parentIndent: string, unit: string): void {
  const indent = childIndent(parent, parentIndent, unit)
  const newline = createText(`\n${indent}`)
  const before = Number.isFinite(position) ? elementIndex(parent, position) : -1
  const last = before < 0 ? lastElementIndex(parent) : -1
  if (before >= 0) {
    parent.children.splice(before, 0, child, newline)
  } else if (last >= 0 && last === parent.children.length - 1) {
    parent.children.push(newline, child)
  } else if (last >= 0) {
    parent.children.splice(last + 1, 0, newline, child)
  } else if (parent.children.every(isWhitespace)) {
    parent.children = [newline, child, createText(`\n${parentIndent}`)]
  } else {
    parent.children.push(newline, child, createText(`\n${parentIndent}`))
  }
  parent.selfClosing = false
}

/** Appends `child` as the last element child of `parent`, on its own line. */
export function appendChildElement(parent: XmlElement, child: XmlElement, parentIndent: string, unit: string): void {
  insertChildElement(parent, child, Number.POSITIVE_INFINITY, parentIndent, unit)
}

/** The indentation in front of `parent.children[i]`, when it starts a line. */
function indentAt(parent: XmlElement | XmlDocument, i: number): string | undefined {
  const prev = i > 0 ? parent.children[i - 1] : undefined
  return prev?.kind === 'text' ? lastLineIndent(prev.raw) : undefined
}

function firstElementIndex(parent: XmlElement): number {
  return parent.children.findIndex((c) => c.kind === 'element')
}

function lastElementIndex(parent: XmlElement): number {
  for (let i = parent.children.length - 1; i >= 0; i--) if (parent.children[i]?.kind === 'element') return i
  return -1
}

/** The index in `children` of element child number `n`, or -1 when there are not that many. */
function elementIndex(parent: XmlElement, n: number): number {
  let seen = 0
  for (let i = 0; i < parent.children.length; i++) {
    if (parent.children[i]?.kind !== 'element') continue
    if (seen === n) return i
    seen++
  }
  return -1
}

/**
 * Removes `child` and the indentation in front of it. A parent left with only whitespace
 * becomes self-closing, as libvirt writes empty elements.
 */
export function removeChildElement(parent: XmlElement, child: XmlElement): void {
  const i = parent.children.indexOf(child)
  if (i < 0) return
  const prev = parent.children[i - 1]
  const start = prev !== undefined && isWhitespace(prev) ? i - 1 : i
  parent.children.splice(start, i - start + 1)
  if (parent.children.every(isWhitespace)) {
    parent.children = []
    parent.selfClosing = true
  }
}
