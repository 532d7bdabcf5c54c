import { childElement, type XmlElement } from './xmlTree.ts'

/** One way the engine's output differs from libvirt's, in words an engine developer can act on. */
export interface Difference {
  /** the device it concerns, e.g. `controller #5 pci index=2` or `disk #1` */
  where: string
  /** what differs, e.g. `address got slot=0x02, expected slot=0x01` */
  what: string
}

/** `controller #5 pci index=2: address got slot=0x02, expected slot=0x01` */
export function formatDifference(d: Difference): string {
  return `${d.where}: ${d.what}`
}

/** `<target>` attributes of a controller that belong to the address contract. */
export const CONTROLLER_TARGET_ATTRIBUTES = ['chassis', 'port', 'chassisNr', 'busNr', 'hotplug', 'index'] as const

/**
 * Compares an expanded domain with libvirt's expected output on the address contract of the
 * conformance corpus (see its README, "What counts as a match"):
 *
 * 1. the `<controller>` elements under `<devices>`, in document order: type, index, model,
 *    `<model name>` (PCI controllers only), `<target>` attributes and `<node>`, and `<address>`;
 * 2. for every other element under `<devices>`, the k-th element of a name in the output
 *    against the k-th of that name in the expected document: the `<address>` child.
 *    Elements the README puts outside the contract (`<emulator>`, `<graphics>`, `<audio>`,
 *    PS/2 `<input>`, the itco `<watchdog>`) are left out unless they carry an `<address>`.
 *    A device present on one side only is a difference when it carries an `<address>`.
 *
 * Numeric attributes compare as numbers (`0x1` equals `0x01` equals `1`), others as strings.
 *
 * @param actual the engine's output, parsed
 * @param expected libvirt's output, parsed
 * @returns every difference, in document order; empty when the two match
 */
export function compareDomains(actual: XmlElement, expected: XmlElement): Difference[] {
  const actualDevices = deviceElements(actual)
  const expectedDevices = deviceElements(expected)
  return [
    ...compareControllers(
      actualDevices.filter((e) => e.name === 'controller'),
      expectedDevices.filter((e) => e.name === 'controller'),
    ),
    ...compareOtherDevices(
      actualDevices.filter((e) => e.name !== 'controller'),
      expectedDevices.filter((e) => e.name !== 'controller'),
    ),
  ]
}

function deviceElements(domain: XmlElement): XmlElement[] {
  const devices = domain.name === 'devices' ? domain : childElement(domain, 'devices')
  return devices?.children ?? []
}

function compareControllers(actual: XmlElement[], expected: XmlElement[]): Difference[] {
  const differences: Difference[] = []
  if (actual.length !== expected.length) {
    differences.push({
      where: 'controllers',
      what: `got ${actual.length}, expected ${expected.length} (${summarizeCountDifference(actual, expected, controllerKey)})`,
    })
  }
  const count = Math.max(actual.length, expected.length)
  for (let i = 0; i < count; i++) {
    const a = actual[i]
    const e = expected[i]
    const where = `controller #${i + 1} ${controllerKey((e ?? a) as XmlElement)}`
    if (a === undefined) {
      differences.push({ where, what: 'missing in output' })
      continue
    }
    if (e === undefined) {
      differences.push({ where, what: 'not expected (extra in output)' })
      continue
    }
    differences.push(...compareController(a, e).map((what) => ({ where, what })))
  }
  return differences
}

/** `pci index=2 model=pcie-root-port` */
function controllerKey(c: XmlElement): string {
  const parts = [c.attributes.type ?? '?', `index=${c.attributes.index ?? '?'}`]
  if (c.attributes.model !== undefined) parts.push(`model=${c.attributes.model}`)
  return parts.join(' ')
}

function compareController(a: XmlElement, e: XmlElement): string[] {
  const out: string[] = []
  for (const name of ['type', 'index', 'model']) {
    const got = a.attributes[name]
    const want = e.attributes[name]
    if (!sameValue(got, want)) out.push(`${name} got ${show(got)}, expected ${show(want)}`)
  }
  // note: the README puts <model name> of non-PCI controllers outside the contract
  if (e.attributes.type === 'pci' || a.attributes.type === 'pci') {
    const got = childAttribute(a, 'model', 'name')
    const want = childAttribute(e, 'model', 'name')
    if (!sameValue(got, want)) out.push(`<model name> got ${show(got)}, expected ${show(want)}`)
  }
  const aTarget = childElement(a, 'target')
  const eTarget = childElement(e, 'target')
  const targetDiffs: string[] = []
  for (const name of CONTROLLER_TARGET_ATTRIBUTES) {
    const got = aTarget?.attributes[name]
    const want = eTarget?.attributes[name]
    if (!sameValue(got, want)) targetDiffs.push(`${name} got ${show(got)}, expected ${show(want)}`)
  }
  const gotNode = nodeText(aTarget)
  const wantNode = nodeText(eTarget)
  if (!sameValue(gotNode, wantNode)) targetDiffs.push(`<node> got ${show(gotNode)}, expected ${show(wantNode)}`)
  if (targetDiffs.length > 0) out.push(`target ${targetDiffs.join('; ')}`)
  const addressDiff = compareAddress(childElement(a, 'address'), childElement(e, 'address'))
  if (addressDiff !== undefined) out.push(addressDiff)
  return out
}

function nodeText(target: XmlElement | undefined): string | undefined {
  const node = target === undefined ? undefined : childElement(target, 'node')
  return node?.text.trim()
}

function childAttribute(element: XmlElement, child: string, attribute: string): string | undefined {
  return childElement(element, child)?.attributes[attribute]
}

/** Whether an element is outside the address contract (and may be ignored when it has no address). */
export function isOutsideContract(element: XmlElement): boolean {
  switch (element.name) {
    case 'emulator':
    case 'graphics':
    case 'audio':
      return true
    case 'input':
      return element.attributes.bus === 'ps2'
    case 'watchdog':
      return element.attributes.model === 'itco'
    default:
      return false
  }
}

function compareOtherDevices(actual: XmlElement[], expected: XmlElement[]): Difference[] {
  const scored = (e: XmlElement): boolean => !isOutsideContract(e) || childElement(e, 'address') !== undefined
  const actualGroups = groupByName(actual.filter(scored))
  const expectedGroups = groupByName(expected.filter(scored))
  // note: walk names in expected's document order, then names only the output has
  const names = [...new Set([...expectedGroups.keys(), ...actualGroups.keys()])]
  const differences: Difference[] = []
  for (const name of names) {
    const a = actualGroups.get(name) ?? []
    const e = expectedGroups.get(name) ?? []
    for (let k = 0; k < Math.max(a.length, e.length); k++) {
      const got = a[k]
      const want = e[k]
      const where = `${name} #${k + 1}${describeDevice((want ?? got) as XmlElement)}`
      const gotAddress = got === undefined ? undefined : childElement(got, 'address')
      const wantAddress = want === undefined ? undefined : childElement(want, 'address')
      if (got === undefined) {
        if (wantAddress !== undefined) differences.push({ where, what: `missing in output (expected ${showAddress(wantAddress)})` })
        continue
      }
      if (want === undefined) {
        if (gotAddress !== undefined) differences.push({ where, what: `not expected (extra in output with ${showAddress(gotAddress)})` })
        continue
      }
      const diff = compareAddress(gotAddress, wantAddress)
      if (diff !== undefined) differences.push({ where, what: diff })
    }
  }
  return differences
}

function groupByName(elements: XmlElement[]): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>()
  for (const e of elements) {
    const list = groups.get(e.name)
    if (list) list.push(e)
    else groups.set(e.name, [e])
  }
  return groups
}

/** ` (virtio vda)`: a hint to find the device, from its most telling attributes. */
function describeDevice(e: XmlElement): string {
  const hints = [
    e.attributes.type,
    childAttribute(e, 'model', 'type') ?? e.attributes.model,
    childAttribute(e, 'target', 'dev') ?? childAttribute(e, 'target', 'bus') ?? e.attributes.bus,
  ].filter((h): h is string => h !== undefined && h !== '')
  return hints.length > 0 ? ` (${hints.join(' ')})` : ''
}

/**
 * Compares two `<address>` elements (either may be absent): type, every attribute, and child
 * elements such as zPCI's `<zpci uid fid>`.
 *
 * @returns undefined when equal, otherwise a one-line description
 */
export function compareAddress(got: XmlElement | undefined, want: XmlElement | undefined): string | undefined {
  if (got === undefined && want === undefined) return undefined
  if (got === undefined) return `address missing, expected ${showAddress(want as XmlElement)}`
  if (want === undefined) return `address not expected, got ${showAddress(got)}`
  if (got.attributes.type !== want.attributes.type) {
    return `address got ${showAddress(got).replace(/^address /, '')}, expected ${showAddress(want).replace(/^address /, '')}`
  }
  const gotParts: string[] = []
  const wantParts: string[] = []
  const names = [...new Set([...Object.keys(want.attributes), ...Object.keys(got.attributes)])]
  for (const name of names) {
    const g = got.attributes[name]
    const w = want.attributes[name]
    if (!sameValue(g, w)) {
      gotParts.push(`${name}=${show(g)}`)
      wantParts.push(`${name}=${show(w)}`)
    }
  }
  const childDiffs = compareAddressChildren(got, want)
  if (gotParts.length === 0 && childDiffs.length === 0) return undefined
  const pieces: string[] = []
  if (gotParts.length > 0) pieces.push(`address got ${gotParts.join(' ')}, expected ${wantParts.join(' ')}`)
  if (childDiffs.length > 0) pieces.push(...childDiffs.map((d) => `address ${d}`))
  const context = pieces.length > 0 && gotParts.length > 0 ? ` (got ${showAddress(got)})` : ''
  return pieces.join('; ') + context
}

function compareAddressChildren(got: XmlElement, want: XmlElement): string[] {
  const out: string[] = []
  const count = Math.max(got.children.length, want.children.length)
  for (let i = 0; i < count; i++) {
    const g = got.children[i]
    const w = want.children[i]
    if (g === undefined) out.push(`<${(w as XmlElement).name}> missing, expected ${showElement(w as XmlElement)}`)
    else if (w === undefined) out.push(`<${g.name}> not expected, got ${showElement(g)}`)
    else if (g.name !== w.name || !sameAttributes(g.attributes, w.attributes)) {
      out.push(`got ${showElement(g)}, expected ${showElement(w)}`)
    }
  }
  return out
}

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const name of names) if (!sameValue(a[name], b[name])) return false
  return true
}

/** `pci domain=0x0000 bus=0x00 slot=0x01 function=0x0` */
function showAddress(address: XmlElement): string {
  const { type, ...rest } = address.attributes
  const attrs = Object.entries(rest).map(([k, v]) => `${k}=${v}`)
  const children = address.children.map(showElement)
  return ['address', type ?? '(no type)', ...attrs, ...children].join(' ')
}

function showElement(e: XmlElement): string {
  return `<${e.name}${Object.entries(e.attributes)
    .map(([k, v]) => ` ${k}=${v}`)
    .join('')}>`
}

function show(value: string | undefined): string {
  return value === undefined ? '(none)' : value
}

const HEX = /^0x[0-9a-f]+$/i
const DECIMAL = /^[0-9]+$/

/**
 * Reads `0x1f`, `0x01` or `31` as a number; anything else (including negative or empty) as not numeric.
 * BigInt, so 64-bit values such as a DIMM `base` compare exactly.
 */
export function parseNumeric(value: string): bigint | undefined {
  const v = value.trim()
  if (HEX.test(v) || DECIMAL.test(v)) return BigInt(v)
  return undefined
}

/** Equal as numbers when both are numeric, otherwise as strings; absent equals only absent. */
export function sameValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  if (a === b) return true
  const na = parseNumeric(a)
  const nb = parseNumeric(b)
  return na !== undefined && nb !== undefined && na === nb
}

function summarizeCountDifference(actual: XmlElement[], expected: XmlElement[], key: (e: XmlElement) => string): string {
  const counts = new Map<string, number>()
  for (const e of expected) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1)
  for (const a of actual) counts.set(key(a), (counts.get(key(a)) ?? 0) - 1)
  const missing: string[] = []
  const extra: string[] = []
  for (const [k, n] of counts) {
    if (n > 0) missing.push(n > 1 ? `${n}× ${k}` : k)
    if (n < 0) extra.push(-n > 1 ? `${-n}× ${k}` : k)
  }
  return [missing.length > 0 ? `missing ${missing.join(', ')}` : '', extra.length > 0 ? `extra ${extra.join(', ')}` : '']
    .filter(Boolean)
    .join('; ')
}
