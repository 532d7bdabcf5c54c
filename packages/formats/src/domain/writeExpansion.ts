import type { Device, Expansion } from 'devaddr'

import { appendChildElement, indentBefore, indentUnit, lastLineIndent } from '../xml/layout.ts'
import { appendNode, serializeNode, serializeXml } from '../xml/serializeXml.ts'
import { TextBuilder } from '../xml/textBuilder.ts'
import {
  childElement,
  cloneNode,
  createElement,
  isWhitespace,
  rootElement,
  type XmlDocument,
  type XmlElement,
  type XmlNode,
} from '../xml/tree.ts'
import { addressedDeviceText } from './addressedDeviceText.ts'
import { writeDevaddrMetadata } from './devaddrMetadata.ts'
import { deviceElements, isDeviceElement } from './deviceElements.ts'
import type { DomainDocument } from './domainDocument.ts'
import { newDeviceText } from './newDeviceText.ts'
import { writeAddress } from './writeAddress.ts'
import { writeController } from './writeController.ts'

/** A child element of `<devices>` with everything between it and the previous element (indentation, comments). */
interface Chunk {
  lead: XmlNode[]
  element: XmlElement
}

/** What writeExpansion reads of an expansion. */
export type WritableExpansion = Pick<Expansion, 'arch' | 'machine' | 'devices'> & Partial<Pick<Expansion, 'policy'>>

/**
 * Writes an expansion into the document it came from and returns the text.
 *
 * Only what devaddr owns changes: each device's `<address>` (rewritten in libvirt's canonical
 * form, in place, or appended as the device's last child), and on controllers the
 * `type`/`index`/`model` attributes, `<model name>`, `<target>` and `<master startport>`.
 * Devices the engine added (no `sourceIndex`) become new elements. The device elements of
 * `<devices>` come out in the expansion's order; a comment right before a device travels with it.
 * Non-device children (`<emulator>`, unknown elements) stay at the front, or right after the
 * device they followed. New elements are indented like their siblings and use single quotes.
 * Input devices missing from the expansion are dropped: the expansion is the whole device list.
 * devaddr's `<metadata>` element records the policy and the devices' tunables, and is written only
 * when the policy is not libvirt's or a device has a tunable (see `writeDevaddrMetadata`).
 *
 * The document is not modified.
 *
 * @param doc a document from `parseDomainXml`
 * @param expansion what `expandDomain(doc.input)` returned
 * @returns the expanded domain XML
 * @see virDomainDefFormat
 * @public
 */
export function writeExpansion(doc: DomainDocument, expansion: WritableExpansion): string {
  return writeExpansionOf(doc, expansion, undefined)
}

/**
 * `writeExpansion`, for a caller whose document is its own and unedited since it was parsed
 * from `sourceText` (`parsedText` of the text): the devices' unchanged parts are copied from it.
 */
export function writeExpansionOf(doc: DomainDocument, expansion: WritableExpansion, sourceText: string | undefined): string {
  // note: copy-on-write: the output tree shares every node it does not change with the input
  // (copying the whole tree was a third of the writer's time); what the writers below edit is
  // copied first: the root, <metadata>, <devices>, and each device element with its owned parts
  const tree: XmlDocument = { ...doc.tree, children: [...doc.tree.children] }
  const sourceRoot = rootElement(doc.tree)
  if (sourceRoot === undefined) return serializeXml(tree)
  const root = ownCopy(sourceRoot)
  tree.children[tree.children.indexOf(sourceRoot)] = root
  const metadata = childElement(root, 'metadata')
  if (metadata !== undefined) root.children[root.children.indexOf(metadata)] = cloneNode(metadata)
  const unit = indentUnit(root)
  const rootIndent = indentBefore(tree, root) ?? ''

  const sourceDevices = childElement(root, 'devices')
  let devices = sourceDevices && ownCopy(sourceDevices)
  if (devices !== undefined) root.children[root.children.indexOf(sourceDevices!)] = devices
  if (devices === undefined) {
    if (expansion.devices.length === 0) {
      writeDevaddrMetadata(root, expansion.policy, [], [], rootIndent, unit)
      return serializeXml(tree)
    }
    devices = createElement('devices')
    appendChildElement(root, devices, rootIndent, unit)
  }
  mergeDevicesElements(root, devices)
  const devicesIndent = indentBefore(root, devices) ?? rootIndent + unit
  const originals = deviceElements(tree)
  const { chunks, trailing } = splitChunks(devices)
  const firstDevice = chunks.find((c) => isDeviceElement(c.element))
  const deviceIndent = (firstDevice && leadIndent(firstDevice.lead)) ?? devicesIndent + unit

  // Non-device chunks before the first device stay in front; the others follow the device they
  // came after (or the nearest earlier one that the expansion keeps).
  // note: everything below is linear in the children of <devices>: lookups go through maps,
  // and the new children array is built once (splicing or re-spreading per element would be
  // quadratic in documents with thousands of them)
  // note: once the <devices> elements are merged, the device chunks are `originals` in order,
  // so a device's source index is also its chunk's number among the device chunks
  const kept = new Uint8Array(originals.length)
  for (const d of expansion.devices) if (d.sourceIndex !== undefined && d.sourceIndex < originals.length) kept[d.sourceIndex] = 1
  const front: Chunk[] = []
  const deviceChunks: Chunk[] = []
  const after: Array<Chunk[] | undefined> = []
  let anchor = -1
  for (const chunk of chunks) {
    if (isDeviceElement(chunk.element)) {
      if (kept[deviceChunks.length] === 1) anchor = deviceChunks.length
      deviceChunks.push(chunk)
    } else if (anchor < 0) {
      front.push(chunk)
    } else {
      ;(after[anchor] ??= []).push(chunk)
    }
  }

  // note: <devices>'s new content is written as text as it is built: the elements of devices
  // the engine added are never built, and the others are serialised one by one
  const content = new TextBuilder()
  for (const chunk of front) content.add(chunkText(chunk))
  const used = new Uint8Array(originals.length)
  const written: Array<XmlElement | undefined> = []
  for (const device of expansion.devices) {
    const source = device.sourceIndex
    const original = source === undefined ? undefined : originals[source]
    if (original !== undefined && used[source!] === 0) {
      used[source!] = 1
      const lead = deviceChunks[source!]?.lead
      const indent = (lead && leadIndent(lead)) ?? deviceIndent
      let text = device.kind === 'controller' ? undefined : addressedDeviceText(original, device.address, indent, unit, sourceText)
      if (text === undefined) {
        const element = ownDevice(original, device)
        writeDevice(element, device, indent, unit)
        written.push(element)
        text = serializeNode(element)
      } else {
        // note: metadata reads only the alias of an element, which the text keeps as it was
        written.push(original)
      }
      content.add(lead === undefined ? `\n${deviceIndent}` : nodesText(lead))
      content.add(text)
      for (const follower of after[source!] ?? []) content.add(chunkText(follower))
    } else {
      written.push(undefined)
      content.add(`\n${deviceIndent}`)
      content.add(newDeviceText(device, deviceIndent, unit))
    }
  }
  content.add(trailing.length === 0 ? `\n${devicesIndent}` : nodesText(trailing))
  writeDevaddrMetadata(root, expansion.policy, expansion.devices, written, rootIndent, unit)
  return serializeXml(tree, { of: devices, text: content.toString() })
}

/**
 * libvirt reads every `<devices>` element and writes one: the children of the later ones join the
 * first (their indentation kept), and the later elements go.
 */
function mergeDevicesElements(root: XmlElement, first: XmlElement): void {
  const later = root.children.filter((c): c is XmlElement => c.kind === 'element' && c.name === 'devices' && c !== first)
  if (later.length === 0) return
  const trailing: XmlNode[] = []
  while (first.children.length > 0 && isWhitespace(first.children[first.children.length - 1]!)) trailing.unshift(first.children.pop()!)
  for (const more of later) {
    const children = [...more.children]
    while (children.length > 0 && isWhitespace(children[children.length - 1]!)) children.pop()
    first.children.push(...children)
    const at = root.children.indexOf(more)
    const before = root.children[at - 1]
    root.children.splice(before !== undefined && isWhitespace(before) ? at - 1 : at, before !== undefined && isWhitespace(before) ? 2 : 1)
  }
  first.children.push(...trailing)
}

/** A copy of an element to edit: its own attribute and child arrays; the children are shared. */
function ownCopy(el: XmlElement): XmlElement {
  return { ...el, attributes: [...el.attributes], children: [...el.children] }
}

/**
 * A copy of a device element that `writeDevice` may edit: its `<address>` children (and a
 * controller's `<model>`, `<target>` and `<master>`) copied whole, every other child shared.
 */
function ownDevice(el: XmlElement, device: Device): XmlElement {
  const copy = ownCopy(el)
  const owned = device.kind === 'controller' ? CONTROLLER_OWNED : DEVICE_OWNED
  for (let i = 0; i < copy.children.length; i++) {
    const c = copy.children[i]!
    if (c.kind === 'element' && owned.has(c.name)) copy.children[i] = cloneNode(c)
  }
  return copy
}

/** The children of a device element that writeAddress and writeController change. */
const DEVICE_OWNED: ReadonlySet<string> = new Set(['address'])
const CONTROLLER_OWNED: ReadonlySet<string> = new Set(['address', 'model', 'target', 'master'])

/** Writes the parts of one device element that devaddr owns. */
function writeDevice(el: XmlElement, device: Device, indent: string, unit: string): void {
  if (device.kind === 'controller') writeController(el, device, indent, unit)
  writeAddress(el, device.address, indent, unit)
}

/** Cuts the children of `<devices>` into one chunk per element, plus what follows the last one. */
function splitChunks(devices: XmlElement): { chunks: Chunk[]; trailing: XmlNode[] } {
  const chunks: Chunk[] = []
  let pending: XmlNode[] = []
  for (const node of devices.children) {
    if (node.kind === 'element') {
      chunks.push({ lead: pending, element: node })
      pending = []
    } else {
      pending.push(node)
    }
  }
  // note: an element-less <devices> with only whitespace has nothing worth keeping as a trailer
  const trailing = chunks.length === 0 && pending.every(isWhitespace) ? [] : pending
  return { chunks, trailing }
}

/** A chunk as text: what leads to its element, then the element. */
function chunkText(c: Chunk): string {
  return appendNode(nodesText(c.lead), c.element)
}

function nodesText(nodes: readonly XmlNode[]): string {
  let out = ''
  for (const node of nodes) out = appendNode(out, node)
  return out
}

/** The indentation of an element, from the nodes that lead to it, when it starts a line. */
function leadIndent(lead: readonly XmlNode[]): string | undefined {
  const last = lead[lead.length - 1]
  return last?.kind === 'text' ? lastLineIndent(last.raw) : undefined
}
