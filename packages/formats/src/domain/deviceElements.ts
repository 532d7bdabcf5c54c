import { isDeviceKind, type DeviceKind } from 'devaddr'
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
 * The device elements of `<devices>`, in document order: index i is the element of the
 * input device whose `sourceIndex` is i. `<emulator>` and unknown elements are not devices.
 */
export function deviceElements(tree: XmlDocument): DeviceElement[] {
  const devices = devicesElement(tree)
  if (devices === undefined) return []
  return devices.children.filter((c): c is DeviceElement => c.kind === 'element' && isDeviceElement(c))
}
