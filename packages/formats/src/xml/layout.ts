/**
 * Indentation-aware edits of a lossless tree: new children are placed on their own line,
 * indented like their siblings, so an edited document still reads like libvirt's output.
 */

import { childElements, createText, isWhitespace, type XmlDocument, type XmlElement, type XmlNode } from './tree.ts'

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
  const m = /[\r\n]([ \t]*)$/.exec(raw)
  return m?.[1]
}

/** The indentation of `parent`'s element children, or one level deeper than `parentIndent`. */
export function childIndent(parent: XmlElement, parentIndent: string, unit: string): string {
  const first = childElements(parent)[0]
  return (first && indentBefore(parent, first)) ?? parentIndent + unit
}

/** The document's indentation step, read from the root's first child. */
export function indentUnit(root: XmlElement): string {
  const first = childElements(root)[0]
  const indent = first && indentBefore(root, first)
  return indent !== undefined && indent.length > 0 ? indent : DEFAULT_INDENT_UNIT
}

/**
 * Inserts `child` so that it becomes element child number `position` of `parent` (0 = first;
 * past the end = last), on its own line.
 *
 * @param parentIndent the indentation of `parent`'s own start tag
 */
export function insertChildElement(
  parent: XmlElement,
  child: XmlElement,
  position: number,
  parentIndent: string,
  unit: string,
): void {
  const elements = childElements(parent)
  const indent = childIndent(parent, parentIndent, unit)
  const newline = createText(`\n${indent}`)
  const before = elements[position]
  const last = elements[elements.length - 1]
  if (before !== undefined) {
    parent.children.splice(parent.children.indexOf(before), 0, child, newline)
  } else if (last !== undefined) {
    parent.children.splice(parent.children.indexOf(last) + 1, 0, newline, child)
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
