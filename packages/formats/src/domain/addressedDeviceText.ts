import type { Address } from 'devaddr'

import { lastLineIndent } from '../xml/layout.ts'
import { appendNode, startTagText } from '../xml/serializeXml.ts'
import { isWhitespace, type XmlElement } from '../xml/tree.ts'
import { ADDRESS_ATTRIBUTE_NAMES } from './formatAddress.ts'
import { addressText } from './newDeviceText.ts'

/**
 * The text of a device element of the input with its `<address>` written, exactly as
 * `writeAddress` on a copy and then serialising it would give, for the cases that are most of
 * every document: the element has no `<address>` and gets one (a device of a new domain), or has
 * one plain `<address>` (only attributes devaddr owns, no children) that is rewritten in place
 * (a domain expanded again). The new address goes where `insertChildElement` puts a last child.
 *
 * note: the device is written straight to text, without copying the element and building the
 * address node: for a domain of a thousand devices of its own, that copying was most of the
 * writer's time. `addressedDeviceText.test.ts` checks it against the tree edit.
 *
 * @param indent indentation of the device element's start tag
 * @param source the text `el` was parsed from (`parsedText`), given only when `el` and its
 *   subtree are unedited: what the address leaves as it was is then copied from it rather than
 *   written node by node
 * @returns undefined for any other case (no new address, several `<address>` children, one with
 *   children or attributes devaddr does not own, a zPCI address): the caller edits a tree then
 */
export function addressedDeviceText(
  el: XmlElement,
  address: Address | undefined,
  indent: string,
  unit: string,
  source?: string,
): string | undefined {
  if (address === undefined || (address.type === 'pci' && address.zpci !== undefined)) return undefined
  // note: an element built in memory has no offsets to copy by
  if (el.start === undefined) source = undefined
  const children = el.children
  let existing = -1
  let firstElement = -1
  let lastElement = -1
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!
    if (c.kind !== 'element') continue
    if (firstElement < 0) firstElement = i
    lastElement = i
    if (c.name !== 'address') continue
    if (existing >= 0) return undefined
    existing = i
  }
  if (existing >= 0) {
    const old = children[existing] as XmlElement
    if (old.children.length > 0) return undefined
    for (const a of old.attributes) if (!ADDRESS_ATTRIBUTE_NAMES.has(a.name)) return undefined
    // note: as writeAddress rewrites it: canonical attributes, no space before the tag's end
    const rewritten = addressText(address, '', '')
    const replacement = old.selfClosing ? rewritten : `${rewritten.slice(0, -2)}>${old.closeTag}`
    if (source !== undefined) return source.slice(el.start, old.start) + replacement + source.slice(old.end, el.end)
    let out = startTagText(el) + '>'
    for (let i = 0; i < children.length; i++) out = i === existing ? out + replacement : appendNode(out, children[i]!)
    return out + el.closeTag
  }
  // note: insertChildElement's rules for a new last child: on its own line, indented like the
  // first element child (or one unit deeper than the device); the closing tag gets its own line
  // when the device had no element child to follow
  const before = firstElement > 0 ? children[firstElement - 1] : undefined
  const childIndent = (before?.kind === 'text' ? lastLineIndent(before.raw) : undefined) ?? indent + unit
  const line = `\n${childIndent}${addressText(address, childIndent, unit)}`
  if (lastElement >= 0 && source !== undefined) {
    // note: two slices of the input, not the children written one by one: expandDomainXml on
    // the 100-device bench domain went from 0.36 to 0.33 ms
    const cut = (children[lastElement] as XmlElement).end
    return source.slice(el.start, cut) + line + source.slice(cut, el.end)
  }
  let out = startTagText(el) + '>'
  if (lastElement >= 0) {
    for (let i = 0; i <= lastElement; i++) out = appendNode(out, children[i]!)
    out += line
    for (let i = lastElement + 1; i < children.length; i++) out = appendNode(out, children[i]!)
  } else {
    if (!children.every(isWhitespace)) for (const c of children) out = appendNode(out, c)
    out += `${line}\n${indent}`
  }
  return out + el.closeTag
}
