import type { Rng } from '@devaddr/livecheck/rng'

/** One way of damaging a domain XML text. Pure: the same rng state gives the same mutant. */
export type Mutator = (text: string, rng: Rng) => string

/** Values that sit on or past a limit libvirt checks, or that parse differently in another base. */
const NUMBERS = [
  '0',
  '1',
  '-1',
  '7',
  '8',
  '31',
  '32',
  '0x1f',
  '0x20',
  '255',
  '256',
  '0xff',
  '0x100',
  '65535',
  '65536',
  '4294967295',
  '4294967296',
  '99999999999999999999',
  '010',
  '0x',
  '',
  ' 1',
  '1e3',
  '+1',
  '0b1',
]

/** Words libvirt knows in some attribute, so a mutant lands in another code path rather than a parse error. */
const WORDS = [
  'pci',
  'pcie-root',
  'pci-root',
  'pcie-root-port',
  'pci-bridge',
  'dmi-to-pci-bridge',
  'pcie-to-pci-bridge',
  'pcie-switch-upstream-port',
  'pcie-switch-downstream-port',
  'pci-expander-bus',
  'pcie-expander-bus',
  'usb',
  'qemu-xhci',
  'nec-xhci',
  'piix3-uhci',
  'ich9-ehci1',
  'none',
  'sata',
  'ide',
  'scsi',
  'fdc',
  'virtio',
  'virtio-serial',
  'virtio-scsi',
  'lsilogic',
  'e1000',
  'e1000e',
  'rtl8139',
  'vga',
  'qxl',
  'cirrus',
  'drive',
  'ccw',
  'spapr-vio',
  'virtio-mmio',
  'isa',
  'dimm',
  'unassigned',
  'on',
  'off',
  'disk',
  'cdrom',
  'floppy',
  'lun',
  'network',
  'file',
  'q35',
  'pc',
  'virt',
  'pseries',
  's390-ccw-virtio',
  'isapc',
  'microvm',
  'x86_64',
  'aarch64',
  'ppc64',
  's390x',
  'riscv64',
  'nonsense',
]

const ATTRIBUTE = /([\w:-]+)=(['"])([^'"<]*)\2/g
const START_TAG = /<([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(\/?)>/g

function positions(text: string, re: RegExp): RegExpExecArray[] {
  re.lastIndex = 0
  return [...text.matchAll(re)] as RegExpExecArray[]
}

function replaceAttribute(text: string, rng: Rng, value: (old: string) => string): string {
  const attrs = positions(text, ATTRIBUTE)
  if (attrs.length === 0) return text
  const m = rng.pick(attrs)
  const [whole, name = '', quote = "'", old = ''] = m
  return text.slice(0, m.index) + `${name}=${quote}${value(old).replaceAll(quote, '')}${quote}` + text.slice(m.index + whole.length)
}

/** The text range of the element whose start tag is `m`: to its matching end tag, or the tag itself. */
function elementRange(text: string, m: RegExpExecArray): [number, number] {
  const start = m.index
  if (m[2] === '/') return [start, start + m[0].length]
  const name = m[1] ?? ''
  const open = new RegExp(`<${name}(?=[\\s/>])|</${name}\\s*>`, 'g')
  open.lastIndex = start + m[0].length
  let depth = 1
  for (let x = open.exec(text); x !== null; x = open.exec(text)) {
    if (x[0].startsWith('</')) depth--
    else {
      const close = text.indexOf('>', x.index)
      if (text[close - 1] !== '/') depth++
    }
    if (depth === 0) return [start, x.index + x[0].length]
  }
  return [start, start + m[0].length]
}

function someElement(text: string, rng: Rng, inDevices = true): [number, number] | undefined {
  const from = inDevices ? Math.max(0, text.indexOf('<devices')) : 0
  const tags = positions(text, START_TAG).filter((m) => m.index > from && m[1] !== 'devices' && m[1] !== 'domain')
  if (tags.length === 0) return undefined
  return elementRange(text, rng.pick(tags))
}

const insertAt = (text: string, at: number, piece: string) => text.slice(0, at) + piece + text.slice(at)

/** Each mutator, named for reports. */
export const MUTATORS: ReadonlyArray<readonly [string, Mutator]> = [
  ['number', (t, r) => replaceAttribute(t, r, () => r.pick(NUMBERS))],
  ['word', (t, r) => replaceAttribute(t, r, () => r.pick(WORDS))],
  [
    'drop-attribute',
    (t, r) => {
      const attrs = positions(t, ATTRIBUTE)
      if (attrs.length === 0) return t
      const m = r.pick(attrs)
      return t.slice(0, m.index) + t.slice(m.index + m[0].length)
    },
  ],
  [
    'drop-element',
    (t, r) => {
      const range = someElement(t, r)
      return range ? t.slice(0, range[0]) + t.slice(range[1]) : t
    },
  ],
  [
    'duplicate-element',
    (t, r) => {
      const range = someElement(t, r)
      return range ? insertAt(t, range[1], t.slice(range[0], range[1])) : t
    },
  ],
  [
    'many-copies',
    (t, r) => {
      const range = someElement(t, r)
      return range ? insertAt(t, range[1], t.slice(range[0], range[1]).repeat(r.int(2, 300))) : t
    },
  ],
  [
    'move-element',
    (t, r) => {
      const range = someElement(t, r)
      if (!range) return t
      const piece = t.slice(range[0], range[1])
      const rest = t.slice(0, range[0]) + t.slice(range[1])
      const tags = positions(rest, START_TAG).filter((m) => m[2] !== '/')
      if (tags.length === 0) return t
      const target = r.pick(tags)
      return insertAt(rest, target.index + target[0].length, piece)
    },
  ],
  ['strip-addresses', (t) => t.replace(/<address\b[^>]*\/>/g, '')],
  [
    'add-address',
    (t, r) => {
      const tags = positions(t, START_TAG).filter((m) => m[2] !== '/' && m.index > t.indexOf('<devices'))
      if (tags.length === 0) return t
      const m = r.pick(tags)
      const hex = (n: number) => `0x${n.toString(16)}`
      const address = r.chance(0.7)
        ? `<address type='pci' domain='0x0000' bus='${hex(r.int(0, 12))}' slot='${hex(r.int(0, 31))}' function='${hex(r.int(0, 7))}'/>`
        : `<address type='drive' controller='${r.int(0, 3)}' bus='${r.int(0, 2)}' target='${r.int(0, 2)}' unit='${r.int(0, 7)}'/>`
      return insertAt(t, m.index + m[0].length, address)
    },
  ],
  [
    'deep-nest',
    (t, r) => {
      const at = t.indexOf('<devices>')
      if (at < 0) return t
      const depth = r.pick([10, 100, 300, 3000])
      return insertAt(t, at + '<devices>'.length, '<x>'.repeat(depth) + '</x>'.repeat(depth))
    },
  ],
  [
    'second-devices',
    (t) => {
      const start = t.indexOf('<devices>')
      const end = t.indexOf('</devices>')
      return start < 0 || end < 0 ? t : insertAt(t, end + '</devices>'.length, t.slice(start, end + '</devices>'.length))
    },
  ],
  ['truncate', (t, r) => t.slice(0, r.int(0, t.length))],
  [
    'insert-char',
    (t, r) =>
      insertAt(
        t,
        r.int(0, t.length),
        r.pick([
          '<',
          '>',
          '&',
          '"',
          "'",
          '\u0000',
          '\uD800',
          ']]>',
          '&#0;',
          '&unknown;',
          '<!DOCTYPE x>',
          '<?xml version="1.0"?>',
          '<!-- -- -->',
        ]),
      ),
  ],
  [
    'machine',
    (t, r) =>
      t.replace(
        /machine=(['"])[^'"]*\1/,
        `machine='${r.pick(['pc', 'q35', 'virt', 'pseries', 's390-ccw-virtio', 'isapc', 'pc-q35-2.10', 'pc-i440fx-9.0', 'microvm', 'nonsense'])}'`,
      ),
  ],
]

/** A mutant of `text`: one to three mutators applied in turn; returns it and the mutators' names. */
export function mutate(text: string, rng: Rng): { text: string; ops: string[] } {
  const ops: string[] = []
  let out = text
  for (let n = rng.int(1, 3); n > 0; n--) {
    const [name, mutator] = rng.pick(MUTATORS)
    ops.push(name)
    out = mutator(out, rng)
  }
  return { text: out, ops }
}
