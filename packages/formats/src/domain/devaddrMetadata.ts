/**
 * devaddr's own data inside a domain XML's `<metadata>`, in its own namespace (libvirt keeps one
 * element per namespace there and never looks inside):
 *
 * ```xml
 * <metadata>
 *   <devaddr:policy xmlns:devaddr="https://devaddr.dev/xml/policy/1" name="kubevirt" version="3">
 *     <devaddr:device alias="ua-gpu0" numaNode="1" placement="pcie" hotplug="off"/>
 *     <devaddr:device id="interface1" numaNode="0"/>
 *   </devaddr:policy>
 * </metadata>
 * ```
 *
 * `name`/`version` record the policy that assigned the addresses. Each `<devaddr:device>` holds the
 * per-device tunables of one device, keyed by its libvirt `<alias name>` when it has one (stable
 * across edits), else by `id`: `${kind}${n}`, the n-th (0-based) device element of that kind in
 * `<devices>` of the same document. The element is written only when the policy is not libvirt's
 * or some device has a tunable, so a plain libvirt expansion is byte-identical to libvirt's.
 */

import type { Device, Policy, Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { appendChildElement, childIndent, indentBefore, insertChildElement, removeChildElement } from '../xml/layout.ts'
import { childElement, childElements, createElement, getAttribute, type XmlElement } from '../xml/tree.ts'
import { type XmlError, xmlError } from '../xml/xmlError.ts'
import { parseUnsigned } from './parseNumber.ts'

/** The namespace of devaddr's metadata element; the trailing `1` is the format's version. @public */
export const DEVADDR_XML_NAMESPACE = 'https://devaddr.dev/xml/policy/1'

const PREFIX = 'devaddr'
const DEFAULT_POLICY = { name: 'libvirt', version: 1 }

/** The per-device tunables kept in metadata, in writing order. */
/** also the host facts libvirt would read from the host (see the engine README) */
const TUNABLE_ATTRIBUTES = ['numaNode', 'placement', 'hotplug', 'hostIsPcie', 'hostIommuGroup'] as const
type DeviceTunable = (typeof TUNABLE_ATTRIBUTES)[number]

/** Whether the device has one of TUNABLE_ATTRIBUTES. */
const hasTunable = (d: Device): boolean =>
  d.numaNode !== undefined ||
  d.placement !== undefined ||
  d.hotplug !== undefined ||
  d.hostIsPcie !== undefined ||
  d.hostIommuGroup !== undefined

/** The policy a document records: name and version. @public */
export type RecordedPolicy = Pick<Policy, 'name' | 'version'>

/**
 * Reads devaddr's metadata element, if any, and puts each device's tunables on `devices`
 * (which must be the devices read from `elements`, in order).
 *
 * @returns the recorded policy, or an `invalid-value` error naming the attribute at fault
 */
export function readDevaddrMetadata(
  root: XmlElement,
  elements: readonly XmlElement[],
  devices: Device[],
): Result<RecordedPolicy | undefined, XmlError> {
  const found = findDevaddrElements(root)
  if (found.length === 0) return ok(undefined)
  const [element, extra] = found
  if (extra !== undefined) return err(invalid(extra, 'more than one devaddr metadata element'))
  const el = element!
  const name = getAttribute(el, 'name')
  const versionText = getAttribute(el, 'version')
  const version = versionText === undefined ? undefined : parseUnsigned(versionText)
  if (name === undefined || name === '') return err(invalid(el, '<devaddr:policy> needs a name'))
  if (version === undefined) return err(invalid(el, `<devaddr:policy version='${versionText ?? ''}'> must be a non-negative integer`))
  const unknown = el.attributes.find((a) => !['name', 'version'].includes(a.name) && !a.name.startsWith('xmlns'))
  if (unknown !== undefined) return err(invalid(el, `<devaddr:policy> has an unknown attribute '${unknown.name}'`))

  const byId = new Map(devices.map((d) => [d.id, d]))
  const byAlias = new Map<string, Device>()
  for (const [i, e] of elements.entries()) {
    const alias = aliasOf(e)
    const d = devices[i]
    if (alias !== undefined && d !== undefined) byAlias.set(alias, d)
  }
  const done = new Set<Device>()
  // note: the scope is the same for every child: computed once, or the loop is quadratic
  const scope = [el, ...ancestorsOf(root, el)]
  for (const child of childElements(el)) {
    if (localName(child.name) !== 'device' || namespaceOf(child, scope) !== DEVADDR_XML_NAMESPACE) {
      return err(invalid(child, `unexpected <${child.name}> in <devaddr:policy>`))
    }
    const id = getAttribute(child, 'id')
    const alias = getAttribute(child, 'alias')
    if ((id === undefined) === (alias === undefined)) return err(invalid(child, '<devaddr:device> needs exactly one of alias and id'))
    const device = alias !== undefined ? byAlias.get(alias) : byId.get(id!)
    const key = alias !== undefined ? `alias='${alias}'` : `id='${id}'`
    if (device === undefined) return err(invalid(child, `<devaddr:device ${key}> names no device of this domain`))
    if (done.has(device)) return err(invalid(child, `<devaddr:device ${key}>: ${device.id} has tunables twice`))
    done.add(device)
    for (const a of child.attributes) {
      if (a.name === 'id' || a.name === 'alias' || a.name.startsWith('xmlns')) continue
      const r = applyTunable(device, a.name, a.value)
      if (r !== undefined) return err(invalid(child, `<devaddr:device ${key}>: ${r}`))
    }
  }
  return ok({ name, version })
}

/** Sets one tunable from its attribute; returns what is wrong with it, if anything. */
function applyTunable(d: Device, name: string, value: string): string | undefined {
  switch (name as DeviceTunable) {
    case 'numaNode': {
      const n = parseUnsigned(value)
      if (n === undefined) return `numaNode='${value}' must be a non-negative integer`
      d.numaNode = n
      return undefined
    }
    case 'placement':
      if (value !== 'pci' && value !== 'pcie' && value !== 'integrated') return `placement='${value}' must be pci, pcie or integrated`
      d.placement = value
      return undefined
    case 'hotplug':
      if (value !== 'on' && value !== 'off') return `hotplug='${value}' must be on or off`
      d.hotplug = value
      return undefined
    case 'hostIsPcie':
      if (value !== 'true' && value !== 'false') return `hostIsPcie='${value}' must be true or false`
      d.hostIsPcie = value === 'true'
      return undefined
    case 'hostIommuGroup': {
      const n = parseUnsigned(value)
      if (n === undefined) return `hostIommuGroup='${value}' must be a non-negative integer`
      d.hostIommuGroup = n
      return undefined
    }
    default:
      return `unknown attribute '${name}' (known: ${TUNABLE_ATTRIBUTES.join(', ')})`
  }
}

/**
 * Replaces devaddr's metadata element in a document being written (the tree is a copy the
 * caller owns): removed when the policy is libvirt's and no device has a tunable, else written
 * with one `<devaddr:device>` per device that has one.
 *
 * @param devices the devices in the order they are written to `<devices>`
 * @param elements the element each device is written as (same index), for its `<alias>`
 */
export function writeDevaddrMetadata(
  root: XmlElement,
  policy: RecordedPolicy | undefined,
  devices: readonly Device[],
  elements: ReadonlyArray<XmlElement | undefined>,
  rootIndent: string,
  unit: string,
): void {
  const recorded = policy ?? DEFAULT_POLICY
  const counts = new Map<string, number>()
  const entries: Array<Array<readonly [string, string]>> = []
  // note: most expansions have no tunable at all, and then no device needs counting (asked
  // field by field: a loop over the names read each through a lookup by name, for every device)
  let anyTunable = false
  for (let i = 0; !anyTunable && i < devices.length; i++) anyTunable = hasTunable(devices[i]!)
  for (let i = 0; anyTunable && i < devices.length; i++) {
    const d = devices[i]!
    const n = counts.get(d.kind) ?? 0
    counts.set(d.kind, n + 1)
    let tunables: Array<readonly [string, string]> | undefined
    for (const t of TUNABLE_ATTRIBUTES) if (d[t] !== undefined) (tunables ??= []).push([t, String(d[t])])
    if (tunables === undefined) continue
    const el = elements[i]
    const alias = el && aliasOf(el)
    entries.push([alias !== undefined ? ['alias', alias] : ['id', `${d.kind}${n}`], ...tunables])
  }
  const isDefault = recorded.name === DEFAULT_POLICY.name && recorded.version === DEFAULT_POLICY.version && entries.length === 0

  let metadata = childElement(root, 'metadata')
  const existing = findDevaddrElements(root)
  if (isDefault && existing.length === 0) return
  let position: number | undefined
  for (const e of existing) {
    position ??= childElements(metadata!).indexOf(e)
    removeChildElement(metadata!, e)
  }
  if (isDefault) {
    if (metadata !== undefined && childElements(metadata).length === 0 && metadata.children.length === 0) removeChildElement(root, metadata)
    return
  }
  if (metadata === undefined) {
    metadata = createElement('metadata')
    insertChildElement(root, metadata, metadataPosition(root), rootIndent, unit)
  }
  const metadataIndent = indentBefore(root, metadata) ?? rootIndent + unit
  const ours = createElement(`${PREFIX}:policy`, [
    [`xmlns:${PREFIX}`, DEVADDR_XML_NAMESPACE],
    ['name', recorded.name],
    ['version', String(recorded.version)],
  ])
  insertChildElement(metadata, ours, position ?? Number.POSITIVE_INFINITY, metadataIndent, unit)
  const oursIndent = indentBefore(metadata, ours) ?? childIndent(metadata, metadataIndent, unit)
  for (const attrs of entries) appendChildElement(ours, createElement(`${PREFIX}:device`, attrs), oursIndent, unit)
}

/** libvirt writes `<metadata>` after name, uuid, genid, title and description. */
function metadataPosition(root: XmlElement): number {
  const children = childElements(root)
  let position = 0
  for (const [i, c] of children.entries()) if (['name', 'uuid', 'genid', 'title', 'description'].includes(c.name)) position = i + 1
  return position
}

/** devaddr's elements in `<metadata>` (one, normally). */
function findDevaddrElements(root: XmlElement): XmlElement[] {
  const metadata = childElement(root, 'metadata')
  if (metadata === undefined) return []
  return childElements(metadata).filter((c) => localName(c.name) === 'policy' && namespaceOf(c, [metadata, root]) === DEVADDR_XML_NAMESPACE)
}

/** The namespace of an element's name, from its own declarations or its ancestors' (nearest first). */
function namespaceOf(el: XmlElement, ancestors: readonly XmlElement[]): string | undefined {
  const colon = el.name.indexOf(':')
  const attr = colon < 0 ? 'xmlns' : `xmlns:${el.name.slice(0, colon)}`
  for (const e of [el, ...ancestors]) {
    const ns = getAttribute(e, attr)
    if (ns !== undefined) return ns
  }
  return undefined
}

function ancestorsOf(root: XmlElement, el: XmlElement): XmlElement[] {
  const metadata = childElement(root, 'metadata')
  return metadata !== undefined && childElements(metadata).includes(el) ? [metadata, root] : [root]
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1)
}

function aliasOf(el: XmlElement): string | undefined {
  const alias = childElement(el, 'alias')
  return alias && getAttribute(alias, 'name')
}

function invalid(el: XmlElement, message: string): XmlError {
  return xmlError('invalid-value', `devaddr metadata: ${message}`, el.line, el.column)
}
