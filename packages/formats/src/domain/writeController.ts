import type { ControllerTarget, Device } from 'devaddr'

import { appendChildElement, indentBefore, insertChildElement, removeChildElement } from '../xml/layout.ts'
import {
  childElement,
  childElements,
  createElement,
  createText,
  removeAttribute,
  setAttribute,
  setAttributesInOrder,
  textContent,
  type XmlElement,
} from '../xml/tree.ts'
import { hex } from './parseNumber.ts'

/**
 * Writes what devaddr owns on a `<controller>`: the `type`/`index`/`model` attributes (first, in
 * that order), `<model name>` (first child), `<target>` (after `<model>`/`<driver>`),
 * `<master startport>` (before `<address>`) and an NVMe controller's `<serial>` when it had none.
 * Everything else on the element is kept.
 *
 * @param indent indentation of the controller's start tag
 * @see virDomainControllerDefFormat
 */
export function writeController(el: XmlElement, device: Device, indent: string, unit: string): void {
  setAttributesInOrder(el, [
    ['type', device.type],
    ['index', device.index === undefined ? undefined : String(device.index)],
    ['model', device.model],
  ])
  writeModelName(el, device.modelName, indent, unit)
  writeTarget(el, device.target, indent, unit)
  writeMaster(el, device.masterStartport, indent, unit)
  writeSerial(el, device.serial, indent, unit)
}

/**
 * An NVMe controller written without a `<serial>` gets its disks' (libvirt copies it there). A
 * serial the input wrote is never changed: libvirt refuses a disk whose serial differs from it.
 */
function writeSerial(el: XmlElement, serial: string | undefined, indent: string, unit: string): void {
  if (serial === undefined || childElement(el, 'serial') !== undefined) return
  const element = createElement('serial')
  element.children = [createText(serial)]
  element.selfClosing = false
  // note: libvirt writes <serial> after <model>, <driver> and <target>
  const elements = childElements(el)
  let position = 0
  elements.forEach((c, i) => {
    if (c.name === 'model' || c.name === 'driver' || c.name === 'target') position = i + 1
  })
  insertChildElement(el, element, position, indent, unit)
}

function writeModelName(el: XmlElement, name: string | undefined, indent: string, unit: string): void {
  const model = childElement(el, 'model')
  if (name !== undefined) {
    if (model !== undefined) setAttribute(model, 'name', name)
    else insertChildElement(el, createElement('model', [['name', name]]), 0, indent, unit)
  } else if (model !== undefined) {
    removeAttribute(model, 'name')
    removeIfEmpty(el, model)
  }
}

function writeTarget(el: XmlElement, target: ControllerTarget | undefined, indent: string, unit: string): void {
  const owned = targetAttributes(target ?? {})
  const hasAny = owned.some(([, v]) => v !== undefined) || target?.node !== undefined
  let element = childElement(el, 'target')
  if (!hasAny) {
    if (element === undefined) return
    setAttributesInOrder(element, owned)
    const node = childElement(element, 'node')
    if (node !== undefined) removeChildElement(element, node)
    removeIfEmpty(el, element)
    return
  }
  if (element === undefined) {
    element = createElement('target')
    // note: libvirt writes <model> and <driver> before <target>
    const elements = childElements(el)
    let position = 0
    elements.forEach((c, i) => {
      if (c.name === 'model' || c.name === 'driver') position = i + 1
    })
    insertChildElement(el, element, position, indent, unit)
  }
  setAttributesInOrder(element, owned)
  writeNode(element, target?.node, indentBefore(el, element) ?? indent + unit, unit)
}

/** `<target>` attributes in libvirt's order; only the chassis port is hexadecimal. */
function targetAttributes(t: ControllerTarget): Array<readonly [string, string | undefined]> {
  const dec = (n: number | undefined) => (n === undefined ? undefined : String(n))
  return [
    ['chassisNr', dec(t.chassisNr)],
    ['chassis', dec(t.chassis)],
    ['port', t.port === undefined ? undefined : hex(t.port)],
    ['busNr', dec(t.busNr)],
    ['index', dec(t.index)],
    ['hotplug', t.hotplug],
    ['memReserve', dec(t.memReserve)],
  ]
}

function writeNode(target: XmlElement, node: number | undefined, targetIndent: string, unit: string): void {
  const existing = childElement(target, 'node')
  if (node === undefined) {
    if (existing !== undefined) removeChildElement(target, existing)
    return
  }
  if (existing !== undefined) {
    if (textContent(existing).trim() !== String(node)) existing.children = [createText(String(node))]
    return
  }
  const element = createElement('node')
  element.children = [createText(String(node))]
  element.selfClosing = false
  appendChildElement(target, element, targetIndent, unit)
}

function writeMaster(el: XmlElement, startport: number | undefined, indent: string, unit: string): void {
  const master = childElement(el, 'master')
  if (startport !== undefined) {
    if (master !== undefined) {
      setAttribute(master, 'startport', String(startport))
      return
    }
    // note: libvirt writes <master> after <alias> and before <address>
    const elements = childElements(el)
    const address = elements.findIndex((c) => c.name === 'address')
    insertChildElement(
      el,
      createElement('master', [['startport', String(startport)]]),
      address < 0 ? elements.length : address,
      indent,
      unit,
    )
  } else if (master !== undefined) {
    removeAttribute(master, 'startport')
    removeIfEmpty(el, master)
  }
}

/** Drops a child that has no attributes and no element children left. */
function removeIfEmpty(parent: XmlElement, child: XmlElement): void {
  if (child.attributes.length === 0 && childElements(child).length === 0) removeChildElement(parent, child)
}
