/** A guest address as written in domain XML, read for display only. */
export type DeviceAddress =
  | { type: 'pci'; domain: number; bus: number; slot: number; function: number; multifunction: boolean }
  | { type: string; attributes: Readonly<Record<string, string>> }

/** One row of the device table: a child element of `<devices>`. */
export interface DeviceRow {
  /** Position among `<devices>` children, stable for React keys. */
  index: number
  /** Element name: disk, interface, hostdev, controller, input, ... */
  kind: string
  /** What a person calls the device: `vda`, `virtio 52:54:00:…`, `pcie-root-port 1`. */
  label: string
  /** The device's own guest address, if it has one. */
  address: DeviceAddress | null
}

/** Elements under `<devices>` that are not devices with addresses of their own. */
const NOT_DEVICES = new Set(['emulator'])

/**
 * Reads the devices of a domain XML document for display.
 * Uses the browser's DOMParser; the engine's own parser stays in @devaddr/formats.
 *
 * @returns the rows, or an error message if the text is not well-formed XML
 */
export function readDevices(xml: string): { ok: true; rows: DeviceRow[] } | { ok: false; message: string } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml')
  const parseError = doc.getElementsByTagName('parsererror')[0]
  if (parseError) return { ok: false, message: parseError.textContent ?? 'XML parse error' }
  const devices = doc.documentElement.getElementsByTagName('devices')[0]
  if (!devices) return { ok: true, rows: [] }
  const rows: DeviceRow[] = []
  for (const el of Array.from(devices.children)) {
    if (NOT_DEVICES.has(el.tagName)) continue
    rows.push({ index: rows.length, kind: el.tagName, label: labelOf(el), address: addressOf(el) })
  }
  return { ok: true, rows }
}

/** Formats a PCI address the way libvirt logs it: `0000:00:1f.2`. */
export function formatPciAddress(a: { domain: number; bus: number; slot: number; function: number }): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0')
  return `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${hex(a.function, 1)}`
}

/** Formats any guest address for a table cell. */
export function formatAddress(a: DeviceAddress | null): string {
  if (!a) return '—'
  if (isPci(a)) return formatPciAddress(a) + (a.multifunction ? ' (multifunction)' : '')
  const attrs = Object.entries(a.attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
  return attrs ? `${a.type} ${attrs}` : a.type
}

/** True for a PCI address (narrows the union). */
export function isPci(a: DeviceAddress): a is Extract<DeviceAddress, { type: 'pci' }> {
  return a.type === 'pci' && 'slot' in a
}

function childElement(el: Element, name: string): Element | undefined {
  return Array.from(el.children).find((c) => c.tagName === name)
}

function attr(el: Element | undefined, name: string): string | undefined {
  return el?.getAttribute(name) ?? undefined
}

function parseNumber(text: string | undefined): number {
  if (text === undefined || text === '') return 0
  return text.startsWith('0x') || text.startsWith('0X') ? parseInt(text.slice(2), 16) : parseInt(text, 10)
}

// note: only a direct <address> child is the guest address; a hostdev's
// <source><address/></source> is the host device and must not be read here.
function addressOf(el: Element): DeviceAddress | null {
  const a = childElement(el, 'address')
  if (!a) return null
  const type = a.getAttribute('type') ?? ''
  if (type === 'pci') {
    return {
      type: 'pci',
      domain: parseNumber(attr(a, 'domain')),
      bus: parseNumber(attr(a, 'bus')),
      slot: parseNumber(attr(a, 'slot')),
      function: parseNumber(attr(a, 'function')),
      multifunction: a.getAttribute('multifunction') === 'on',
    }
  }
  const attributes: Record<string, string> = {}
  for (const { name, value } of Array.from(a.attributes)) if (name !== 'type') attributes[name] = value
  return { type, attributes }
}

function labelOf(el: Element): string {
  const parts: (string | undefined)[] = []
  switch (el.tagName) {
    case 'disk':
      parts.push(attr(childElement(el, 'target'), 'dev'), attr(childElement(el, 'target'), 'bus'))
      break
    case 'interface':
      parts.push(attr(childElement(el, 'model'), 'type'), attr(childElement(el, 'mac'), 'address'))
      break
    case 'controller':
      parts.push(attr(el, 'type'), attr(el, 'index'), attr(el, 'model'))
      break
    case 'hostdev': {
      const src = childElement(childElement(el, 'source') ?? el, 'address')
      const host =
        src && attr(src, 'bus') !== undefined
          ? `host ${formatPciAddress({
              domain: parseNumber(attr(src, 'domain')),
              bus: parseNumber(attr(src, 'bus')),
              slot: parseNumber(attr(src, 'slot')),
              function: parseNumber(attr(src, 'function')),
            })}`
          : undefined
      parts.push(attr(el, 'type'), host)
      break
    }
    case 'input':
      parts.push(attr(el, 'type'), attr(el, 'bus'))
      break
    default:
      parts.push(attr(el, 'model') ?? attr(childElement(el, 'model'), 'type') ?? attr(el, 'type'))
  }
  const label = parts.filter((p): p is string => !!p).join(' ')
  return label || (attr(childElement(el, 'alias'), 'name') ?? '')
}
