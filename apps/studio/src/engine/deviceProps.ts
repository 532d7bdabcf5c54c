import { parseXml, type XmlElement } from '@devaddr/formats'
import { type Device, isDeviceKind } from 'devaddr'

import { domainRoot } from './numaCells.ts'
import { attr, child, children, element, indentOf, insertChild, replaceChild, setAttr, textOf as textOfElement } from './xmlTree.ts'

/** Where a disk's data comes from (`<disk type>` and `<source>`). */
export type DiskSource =
  | { type: 'file'; path: string }
  | { type: 'block'; path: string }
  | { type: 'network'; protocol: 'nbd' | 'iscsi' | 'rbd' | 'http' | 'https'; name: string; host: string; port?: number }
  /** no medium: only a cdrom or floppy may be empty */
  | { type: 'none' }

/**
 * What the studio writes into a device's element besides its address: what libvirt needs to
 * define the device (a disk's source, a hostdev's host address) and what identifies it (a MAC).
 * Stored per device id in the edits; the engine never reads it.
 */
export type DeviceProps =
  | { kind: 'disk'; source: DiskSource; format: 'qcow2' | 'raw' }
  | { kind: 'interface'; type: 'network' | 'bridge' | 'user'; source: string; mac: string }
  | { kind: 'hostdev'; hostAddress: string; managed: boolean }
  /** an rng's `<backend model='random'>` source */
  | { kind: 'rng'; backend: string }

/** What identifies a device, as its element says (for cards, search and the inspector). */
export interface DeviceFacts {
  mac?: string
  /** `network default`, `bridge br0`, `user` */
  network?: string
  /** a disk's file or device path, or `nbd://host/name` */
  source?: string
  /** a disk's `<driver type>` */
  format?: string
  /** a hostdev's `<source><address>`, `0000:41:00.0` */
  hostAddress?: string
  managed?: boolean
  /** `<alias name>` */
  alias?: string
  /** the model as written in the element (`<model type>` or `model=`) */
  model?: string
  /** the props as the inspector edits them, read back from the element */
  props?: DeviceProps
}

const HOST_ADDRESS = /^(?:([0-9a-f]{1,4}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i

/** `0000:41:00.0` (or `41:00.0`) → its parts; undefined when it is not one. */
export function parseHostAddress(text: string): { domain: number; bus: number; slot: number; function: number } | undefined {
  const m = HOST_ADDRESS.exec(text.trim())
  if (!m) return undefined
  const [domain, bus, slot, fn] = [m[1] ?? '0', m[2]!, m[3]!, m[4]!].map((h) => parseInt(h, 16)) as [number, number, number, number]
  if (slot > 0x1f) return undefined
  return { domain, bus, slot, function: fn }
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i

/** Why `props` cannot be written, in words a user acts on; undefined when it can. */
export function propsProblem(props: DeviceProps, diskDevice?: string): string | undefined {
  switch (props.kind) {
    case 'disk':
      if (props.source.type === 'none')
        return diskDevice === 'cdrom' || diskDevice === 'floppy'
          ? undefined
          : 'only a cdrom or floppy may have no medium: give the disk a source'
      if (props.source.type === 'network')
        return props.source.name.trim() === '' || props.source.host.trim() === '' ? 'a network disk needs a name and a host' : undefined
      return props.source.path.trim().startsWith('/') ? undefined : 'the source path must be absolute (/var/lib/libvirt/images/…)'
    case 'interface':
      if (!MAC.test(props.mac)) return 'the MAC address must look like 52:54:00:12:34:56'
      if (parseInt(props.mac.slice(0, 2), 16) & 1) return 'the MAC address must not be a multicast address (first byte even)'
      return props.type !== 'user' && props.source.trim() === '' ? `a ${props.type} NIC needs a ${props.type} name` : undefined
    case 'hostdev':
      return parseHostAddress(props.hostAddress) ? undefined : 'the host address must look like 0000:41:00.0'
    case 'rng':
      return props.backend.startsWith('/dev/') ? undefined : 'the entropy source must be a host device such as /dev/urandom'
  }
}

/** FNV-1a of a string. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** A locally administered QEMU MAC (52:54:00:…) derived from `seed`, not one of `taken`. */
export function generateMac(seed: string, taken: ReadonlySet<string>): string {
  for (let i = 0; ; i++) {
    const h = hash(`${seed}#${i}`)
    const mac = `52:54:00:${[h >>> 16, h >>> 8, h].map((b) => (b & 0xff).toString(16).padStart(2, '0')).join(':')}`
    if (!taken.has(mac)) return mac
  }
}

/** The properties a new device gets from the palette: valid values the user can change. */
export function defaultProps(device: Device, context: { docName: string; takenMacs: ReadonlySet<string> }): DeviceProps | undefined {
  const base = context.docName.replace(/\.[a-z]+$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'vm'
  switch (device.kind) {
    case 'disk':
      if (device.diskDevice === 'cdrom') return { kind: 'disk', source: { type: 'none' }, format: 'raw' }
      return {
        kind: 'disk',
        source: { type: 'file', path: `/var/lib/libvirt/images/${base}-${device.dst ?? device.id}.qcow2` },
        format: 'qcow2',
      }
    case 'interface':
      return { kind: 'interface', type: 'network', source: 'default', mac: generateMac(`${base}/${device.id}`, context.takenMacs) }
    case 'hostdev':
      return device.type === 'pci' ? { kind: 'hostdev', hostAddress: device.hostAddress ?? '0000:41:00.0', managed: true } : undefined
    case 'rng':
      return { kind: 'rng', backend: '/dev/urandom' }
    default:
      return undefined
  }
}

/** The device elements of a domain's `<devices>`, in order. */
function deviceElementsOf(root: XmlElement): XmlElement[] {
  const devices = child(root, 'devices')
  return devices ? children(devices).filter((c) => isDeviceKind(c.name)) : []
}

const hx = (n: number, w: number) => `0x${n.toString(16).padStart(w, '0')}`

/** Writes `props` into one device element (in place), in libvirt's child order. */
export function writeDeviceProps(el: XmlElement, props: DeviceProps, indent: string, unit = '  '): void {
  switch (props.kind) {
    case 'disk': {
      const s = props.source
      setAttr(el, 'type', s.type === 'none' ? (attr(el, 'type') === 'block' ? 'block' : 'file') : s.type)
      const target = child(el, 'target')
      replaceChild(
        el,
        'driver',
        element('driver', [
          ['name', 'qemu'],
          ['type', props.format],
        ]),
        indent,
        unit,
        child(el, 'source') ?? target,
      )
      let source: XmlElement | undefined
      if (s.type === 'file') source = element('source', [['file', s.path]])
      else if (s.type === 'block') source = element('source', [['dev', s.path]])
      else if (s.type === 'network') {
        source = element('source', [
          ['protocol', s.protocol],
          ['name', s.name],
        ])
        insertChild(
          source,
          element('host', [
            ['name', s.host],
            ['port', s.port === undefined ? undefined : String(s.port)],
          ]),
          indent + unit,
          unit,
        )
      }
      replaceChild(el, 'source', source, indent, unit, target)
      if (attr(el, 'device') === 'cdrom' && !child(el, 'readonly')) insertChild(el, element('readonly'), indent, unit, child(el, 'address'))
      return
    }
    case 'interface': {
      setAttr(el, 'type', props.type)
      const first = children(el)[0]
      replaceChild(el, 'mac', element('mac', [['address', props.mac.toLowerCase()]]), indent, unit, first)
      const source = props.type === 'user' ? undefined : element('source', [[props.type, props.source]])
      replaceChild(
        el,
        'source',
        source,
        indent,
        unit,
        children(el).find((c) => c.name !== 'mac'),
      )
      return
    }
    case 'hostdev': {
      const a = parseHostAddress(props.hostAddress)
      if (!a) return
      setAttr(el, 'managed', props.managed ? 'yes' : 'no')
      const source = element('source')
      insertChild(
        source,
        element('address', [
          ['domain', hx(a.domain, 4)],
          ['bus', hx(a.bus, 2)],
          ['slot', hx(a.slot, 2)],
          ['function', `0x${a.function.toString(16)}`],
        ]),
        indent + unit,
        unit,
      )
      replaceChild(el, 'source', source, indent, unit, children(el)[0])
      return
    }
    case 'rng': {
      const backend = element('backend', [['model', 'random']])
      backend.selfClosing = false
      backend.children = [{ kind: 'text', raw: props.backend.replace(/&/g, '&amp;').replace(/</g, '&lt;') }]
      replaceChild(el, 'backend', backend, indent, unit, child(el, 'address'))
      return
    }
  }
}

/** Writes the model the user chose into an element the formats writer does not own. */
export function writeModel(el: XmlElement, kind: string, model: string, indent: string, unit = '  '): void {
  if (kind === 'interface' || kind === 'video') {
    const m = child(el, 'model')
    if (m) setAttr(m, 'type', model)
    else insertChild(el, element('model', [['type', model]]), indent, unit, child(el, 'address'))
  } else {
    setAttr(el, 'model', model)
  }
}

/** True when `props` or `models` name one of `devices`: then there is something to write. */
export function propsApply(
  devices: readonly Device[],
  props: Readonly<Record<string, DeviceProps>>,
  models: Readonly<Record<string, string>> = {},
): boolean {
  return devices.some((d) => Object.hasOwn(props, d.id) || Object.hasOwn(models, d.id))
}

/**
 * Writes device properties and models into the `<domain>` element of a parsed expanded XML, in
 * place: the element of each device is found by position (the formats writer emits `<devices>` in
 * the expansion's order).
 *
 * @param devices the expansion's devices, in order
 * @param props device id → properties to write
 * @param models device id → model to write (models the writer does not own)
 * @returns false when the document's devices do not match `devices` (nothing written)
 */
export function writeDevicePropsInto(
  root: XmlElement,
  devices: readonly Device[],
  props: Readonly<Record<string, DeviceProps>>,
  models: Readonly<Record<string, string>> = {},
): boolean {
  const els = deviceElementsOf(root)
  if (els.length !== devices.length) return false
  const devicesEl = child(root, 'devices')!
  devices.forEach((d, i) => {
    const p = props[d.id]
    const m = models[d.id]
    if (!p && m === undefined) return
    const el = els[i]!
    const indent = indentOf(devicesEl, el) ?? '    '
    if (p && p.kind === d.kind) writeDeviceProps(el, p, indent)
    if (m !== undefined && d.kind !== 'controller') writeModel(el, d.kind, m, indent)
  })
  return true
}

/**
 * What identifies each device, read from the expanded XML (by position, as `writeDevicePropsInto`).
 *
 * @param root the `<domain>` element of the parsed expanded XML
 */
export function readDeviceFactsOf(root: XmlElement, devices: readonly Device[]): Record<string, DeviceFacts> {
  const out: Record<string, DeviceFacts> = {}
  const els = deviceElementsOf(root)
  if (els.length !== devices.length) return out
  devices.forEach((d, i) => {
    const el = els[i]!
    if (el.name !== d.kind) return
    out[d.id] = factsOf(el)
  })
  return out
}

/** What identifies each input device of an unexpanded document (by `sourceIndex`). */
export function readInputFacts(xml: string, devices: readonly Device[]): Record<string, DeviceFacts> {
  const out: Record<string, DeviceFacts> = {}
  // note: the tree alone: the engine's reading of the document is not needed for its facts
  const doc = parseXml(xml)
  const root = doc.ok ? domainRoot(doc.value) : undefined
  if (!root) return out
  const els = deviceElementsOf(root)
  for (const d of devices) {
    const el = d.sourceIndex === undefined ? undefined : els[d.sourceIndex]
    if (el && el.name === d.kind) out[d.id] = factsOf(el)
  }
  return out
}

function factsOf(el: XmlElement): DeviceFacts {
  const f: DeviceFacts = {}
  const alias = attr(child(el, 'alias'), 'name')
  if (alias) f.alias = alias
  const modelEl = child(el, 'model')
  const model =
    el.name === 'controller' || el.name === 'sound' || el.name === 'watchdog' || el.name === 'rng' || el.name === 'memballoon'
      ? attr(el, 'model')
      : attr(modelEl, 'type')
  if (model) f.model = model
  const source = child(el, 'source')
  switch (el.name) {
    case 'disk': {
      const type = attr(el, 'type') ?? 'file'
      const format = attr(child(el, 'driver'), 'type')
      if (format) f.format = format
      let s: DiskSource = { type: 'none' }
      if (source) {
        const path = attr(source, 'file') ?? attr(source, 'dev')
        if (type === 'network') {
          const host = child(source, 'host')
          const protocol = (attr(source, 'protocol') ?? 'nbd') as Extract<DiskSource, { type: 'network' }>['protocol']
          const port = attr(host, 'port')
          s = {
            type: 'network',
            protocol,
            name: attr(source, 'name') ?? '',
            host: attr(host, 'name') ?? '',
            ...(port ? { port: Number(port) } : {}),
          }
          f.source = `${protocol}://${s.host}${port ? `:${port}` : ''}/${s.name}`
        } else if (path !== undefined) {
          s = { type: type === 'block' ? 'block' : 'file', path }
          f.source = path
        } else if (attr(source, 'volume')) f.source = `${attr(source, 'pool')}/${attr(source, 'volume')}`
      }
      f.props = { kind: 'disk', source: s, format: format === 'raw' ? 'raw' : 'qcow2' }
      break
    }
    case 'interface': {
      const type = attr(el, 'type') ?? 'network'
      const mac = attr(child(el, 'mac'), 'address')
      if (mac) f.mac = mac
      const name = attr(source, 'network') ?? attr(source, 'bridge') ?? attr(source, 'dev')
      f.network = name ? `${type} ${name}` : type
      if (type === 'network' || type === 'bridge' || type === 'user')
        f.props = { kind: 'interface', type, source: name ?? '', mac: mac ?? '' }
      break
    }
    case 'hostdev': {
      const a = child(source ?? element('source'), 'address')
      if (a) {
        const n = (k: string) => parseInt(attr(a, k) ?? '0', 16) || 0
        f.hostAddress = `${n('domain').toString(16).padStart(4, '0')}:${n('bus').toString(16).padStart(2, '0')}:${n('slot').toString(16).padStart(2, '0')}.${n('function').toString(16)}`
      }
      f.managed = attr(el, 'managed') === 'yes'
      if (f.hostAddress) f.props = { kind: 'hostdev', hostAddress: f.hostAddress, managed: f.managed }
      break
    }
    case 'rng': {
      const backend = child(el, 'backend')
      if (backend) {
        f.source = textOfElement(backend)
        if (attr(backend, 'model') === 'random') f.props = { kind: 'rng', backend: f.source }
      }
      break
    }
  }
  return f
}
