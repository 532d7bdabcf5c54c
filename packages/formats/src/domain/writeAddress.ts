import type { Address } from 'devaddr'

import { appendChildElement, childIndent, removeChildElement } from '../xml/layout.ts'
import { childElement, createAttribute, createElement, type XmlElement } from '../xml/tree.ts'
import { ADDRESS_ATTRIBUTE_NAMES, type AttributeList, formatAddress } from './formatAddress.ts'

/**
 * Writes a device's `<address>` child in libvirt's canonical form. An existing one is rewritten
 * in place, keeping attributes and children devaddr does not know; otherwise a new one becomes
 * the device's last child element. `undefined` removes the element. Any further `<address>`
 * child goes: libvirt reads the first one only and writes a device back with that one.
 *
 * @param indent indentation of the device element's start tag
 * @see virDomainDeviceInfoParseXML
 */
export function writeAddress(device: XmlElement, address: Address | undefined, indent: string, unit: string): void {
  let existing: XmlElement | undefined
  let ignored: XmlElement[] | undefined
  for (const c of device.children) {
    if (c.kind !== 'element' || c.name !== 'address') continue
    if (existing === undefined) existing = c
    else (ignored ??= []).push(c)
  }
  // note: left in, an ignored address would be the one read back once the first is removed
  for (const extra of ignored ?? []) removeChildElement(device, extra)
  if (address === undefined) {
    if (existing !== undefined) removeChildElement(device, existing)
    return
  }
  const formatted = formatAddress(address)
  const element = existing ?? createElement('address')
  const addressIndent = childIndent(device, indent, unit)
  replaceKnownAttributes(element, formatted.attributes, ADDRESS_ATTRIBUTE_NAMES)

  const zpci = childElement(element, 'zpci')
  if (formatted.zpci === undefined) {
    if (zpci !== undefined) removeChildElement(element, zpci)
  } else if (zpci !== undefined) {
    replaceKnownAttributes(zpci, formatted.zpci, ZPCI_ATTRIBUTE_NAMES)
  } else {
    appendChildElement(element, createElement('zpci', formatted.zpci), addressIndent, unit)
  }
  if (existing === undefined) appendChildElement(device, element, indent, unit)
}

const ZPCI_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['uid', 'fid'])

/** Puts the canonical attributes first, written libvirt's way, then any attribute not in `known`. */
function replaceKnownAttributes(el: XmlElement, canonical: AttributeList, known: ReadonlySet<string>): void {
  const unknown = el.attributes.filter((a) => !known.has(a.name))
  el.attributes = [...canonical.map(([name, value]) => createAttribute(name, value)), ...unknown]
  el.tagEnd = ''
}
