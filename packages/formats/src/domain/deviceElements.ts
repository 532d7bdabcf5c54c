import { type DeviceKind, isDeviceKind } from 'devaddr'

import { childElement, rootElement, type XmlDocument, type XmlElement } from '../xml/tree.ts'

/** A device element of `<devices>`: anything named after a devaddr DeviceKind. */
export type DeviceElement = XmlElement & { name: DeviceKind }

export function isDeviceElement(el: XmlElement): el is DeviceElement {
  return isDeviceKind(el.name)
}

/** The `<devices>` element of a domain document, if any. */
export function devicesElement(tree: XmlDocument): XmlElement | undefined {
  const root = rootElement(tree)
  return root === undefined ? undefined : childElement(root, 'devices')
}

/**
 * The device elements of every `<devices>` element, in document order: index i is the element
 * of the input device whose `sourceIndex` is i. libvirt reads the devices of all `<devices>`
 * elements of a domain, not only the first one's. `<emulator>` and unknown elements are not devices.
 * @see virDomainDefParseXML
 */
export function deviceElements(tree: XmlDocument): DeviceElement[] {
  const root = rootElement(tree)
  if (root === undefined) return []
  // note: loops, not filter/flatMap: read once per parse and once per write of every document
  const found: DeviceElement[] = []
  for (const devices of root.children) {
    if (devices.kind !== 'element' || devices.name !== 'devices') continue
    for (const c of devices.children) if (c.kind === 'element' && isDeviceElement(c)) found.push(c)
  }
  return found
}
