import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { parseDomainXml } from './parseDomainXml.ts'
import { hexPadded, LIBVIRT_NUMBERS, parseUnsigned, pciNumber } from './parseNumber.ts'

/** strtoul's rules written as regular expressions: the reference the scanning parser must agree with */
function strtoulOracle(text: string, base: 0 | 10 | 16): number | undefined {
  let n: number
  if (base === 10) {
    if (!/^[0-9]+$/.test(text)) return undefined
    n = parseInt(text, 10)
  } else if (base === 16) {
    const m = /^(?:0[xX])?([0-9a-fA-F]+)$/.exec(text)
    if (m === null) return undefined
    n = parseInt(m[1]!, 16)
  } else if (/^0[xX][0-9a-fA-F]+$/.test(text)) n = parseInt(text.slice(2), 16)
  else if (/^0[0-7]*$/.test(text)) n = parseInt(text, 8)
  else if (/^[1-9][0-9]*$/.test(text)) n = parseInt(text, 10)
  else return undefined
  return Number.isSafeInteger(n) ? n : undefined
}

describe('pciNumber', () => {
  it('is 0x%0Nx of every number, from its table or not', () => {
    for (const width of [1, 2, 4] as const) {
      for (const n of [0, 1, 7, 0x1f, 0xff, 0x100, 0xffff]) expect(pciNumber(n, width), `${n} in ${width}`).toBe(hexPadded(n, width))
    }
  })
})

describe('parseUnsigned', () => {
  it('agrees with strtoul written as regular expressions, in every base', () => {
    const text = fc.oneof(
      fc.stringMatching(/^(0[xX])?[0-9a-fA-Fg+\- x]{0,20}$/),
      fc.bigInt({ min: 0n, max: 1n << 60n }).map((n) => n.toString()),
      fc.bigInt({ min: 0n, max: 1n << 60n }).map((n) => `0x${n.toString(16)}`),
      fc.string(),
    )
    fc.assert(
      fc.property(text, fc.constantFrom(0 as const, 10 as const, 16 as const), (t, base) => {
        expect(parseUnsigned(t, base)).toBe(strtoulOracle(t, base))
      }),
      { numRuns: 3000 },
    )
  })

  it('reads decimal, 0x-hex and 0-octal like strtoul base 0', () => {
    expect(parseUnsigned('0')).toBe(0)
    expect(parseUnsigned('17')).toBe(17)
    expect(parseUnsigned('0x1f')).toBe(31)
    expect(parseUnsigned('0X1F')).toBe(31)
    expect(parseUnsigned('010')).toBe(8)
  })

  it('reads base 10 as libvirt does: 010 is ten, 0x3 is refused', () => {
    expect(parseUnsigned('010', 10)).toBe(10)
    expect(parseUnsigned('0', 10)).toBe(0)
    for (const s of ['0x3', '0X3', '1a', '', '-1', '+1', ' 1']) expect(parseUnsigned(s, 10), s).toBeUndefined()
  })

  it('reads base 16 with or without 0x, as strtoul base 16 does', () => {
    expect(parseUnsigned('1000', 16)).toBe(0x1000)
    expect(parseUnsigned('0x1000', 16)).toBe(0x1000)
    expect(parseUnsigned('ff', 16)).toBe(255)
    for (const s of ['0x', 'g', '-1']) expect(parseUnsigned(s, 16), s).toBeUndefined()
  })

  it('refuses signs, blanks, junk and bad digits', () => {
    for (const s of ['', '-1', '+1', ' 1', '1 ', '0x', '08', '1a', 'abc', '0x1g', '1e3']) expect(parseUnsigned(s), s).toBeUndefined()
  })
})

const domain = (devices: string) =>
  `<domain type='qemu'><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>${devices}</devices></domain>`

describe('LIBVIRT_NUMBERS: each attribute in the base libvirt reads it in', () => {
  it('names a libvirt parser for every attribute', () => {
    for (const [key, syntax] of Object.entries(LIBVIRT_NUMBERS)) expect(syntax.libvirtFunction, key).toMatch(/^vir/)
  })

  it.each([
    ["<controller type='pci' index='010' model='pcie-root-port'/>", { index: 10 }],
    [
      "<disk type='file'><target dev='sda' bus='sata'/><address type='drive' controller='010' bus='0' target='0' unit='010'/></disk>",
      { address: { controller: 10, unit: 10 } },
    ],
    [
      "<channel type='pty'><target type='virtio' name='a'/><address type='virtio-serial' controller='0' bus='0' port='010'/></channel>",
      { address: { port: 10 } },
    ],
    ["<interface type='user'><address type='pci' bus='0' slot='010'/></interface>", { address: { slot: 8 } }],
    ["<rng model='virtio'><address type='ccw' cssid='0xfe' ssid='0' devno='010'/></rng>", { address: { devno: 8 } }],
    ["<panic model='pseries'><address type='spapr-vio' reg='1000'/></panic>", { address: { reg: 0x1000 } }],
    ["<memory model='dimm'><address type='dimm' slot='010' base='100000000'/></memory>", { address: { slot: 10, base: 0x100000000 } }],
    [
      "<controller type='pci' index='1' model='pcie-root-port'><target chassis='0x10' port='010'/></controller>",
      { target: { chassis: 16, port: 8 } },
    ],
  ])('%s', (xml, expected) => {
    const r = parseDomainXml(domain(xml))
    expect(r.ok && r.value.input.devices[0]).toMatchObject(expected)
  })

  it.each([
    [
      "<controller type='pci' index='0x3' model='pcie-root-port'/>",
      "controller #1: <controller index='0x3'> must be a non-negative decimal integer (libvirt reads it in base 10)",
    ],
    [
      "<disk type='file'><address type='drive' unit='0x2'/></disk>",
      "disk #1: drive address unit='0x2' is not a non-negative decimal integer (libvirt reads it in base 10)",
    ],
    [
      "<channel type='pty'><address type='virtio-serial' port='0x1'/></channel>",
      "channel #1: virtio-serial address port='0x1' is not a non-negative decimal integer (libvirt reads it in base 10)",
    ],
    ["<controller type='usb' index='4294967295'/>", "controller #1: <controller index='4294967295'> must be <= 2147483647"],
    [
      "<input type='tablet' bus='usb'><address type='usb' bus='0' port='0x1'/></input>",
      "input #1: USB address port='0x1' must be a dotted path of 1 to 4 port numbers",
    ],
  ])('refuses %s', (xml, message) => {
    const r = parseDomainXml(domain(xml))
    expect(!r.ok && r.error).toMatchObject({ code: 'invalid-value', message })
  })
})
