import { type Device, isDeviceKind, type Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { indentUnit } from '../xml/layout.ts'
import { parseXml } from '../xml/parseXml.ts'
import { serializeXml } from '../xml/serializeXml.ts'
import { cloneDocument, rootElement, type XmlDocument } from '../xml/tree.ts'
import { type XmlError, xmlError } from '../xml/xmlError.ts'
import { extractDevice } from './extractDevice.ts'
import { writeAddress } from './writeAddress.ts'

/**
 * One device element read on its own (what `virsh attach-device` takes): the lossless tree and
 * the engine's `Device`, with id `${kind}-new`.
 * @public
 */
export interface DeviceDocument {
  readonly tree: XmlDocument
  readonly device: Device
}

/**
 * Parses a document whose root is one device element (`<interface>`, `<disk>`…).
 * @returns the device, or an error with its line and column
 * @public
 */
export function parseDeviceXml(xml: string): Result<DeviceDocument, XmlError> {
  const parsed = parseXml(xml)
  if (!parsed.ok) return parsed
  const root = rootElement(parsed.value)
  if (root === undefined || !isDeviceKind(root.name)) {
    return err(
      xmlError(
        'not-a-device',
        `the root element is <${root?.name ?? ''}>, expected a device element such as <interface> or <disk>`,
        root?.line,
        root?.column,
      ),
    )
  }
  const device = extractDevice(root, root.name, { n: 0, sourceIndex: 0 })
  if (!device.ok) return device
  const { sourceIndex: _, ...rest } = device.value
  return ok({ tree: parsed.value, device: { ...rest, id: `${root.name}-new` } })
}

/**
 * Writes a device document back with the device's address, in libvirt's canonical form; the
 * rest of the element is kept byte for byte.
 * @public
 */
export function writeDeviceXml(doc: DeviceDocument, device: Device): string {
  const tree = cloneDocument(doc.tree)
  const root = rootElement(tree)
  if (root !== undefined) {
    // note: a lone element has no siblings to copy an indentation from; its children's is used
    const unit = root.children.length > 0 ? indentUnit(root) : '  '
    writeAddress(root, device.address, '', unit)
  }
  return serializeXml(tree)
}
