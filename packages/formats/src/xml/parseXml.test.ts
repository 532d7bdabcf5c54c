import { describe, expect, it } from 'vitest'

import { parseXml } from './parseXml.ts'
import { serializeXml } from './serializeXml.ts'
import { childElements, getAttribute, rootElement, textContent } from './tree.ts'

const roundTrip = (xml: string) => {
  const r = parseXml(xml)
  if (!r.ok) throw new Error(r.error.message)
  return serializeXml(r.value)
}

describe('parseXml', () => {
  it('keeps every byte of an unchanged document', () => {
    const samples = [
      `<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- head -->\r\n<a  x = "1"\ty='2' >t &amp; &#x41;<b/><c  /><![CDATA[x<y]]><?pi data?></a >\n`,
      `\uFEFF<a/>`,
      `<a>\r  <b c="&apos;&quot;"/>\r</a>\n\n<!-- tail -->\n`,
      `<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:commandline/></domain>`,
    ]
    for (const s of samples) expect(roundTrip(s)).toBe(s)
  })

  it('decodes attribute values and text', () => {
    const r = parseXml(`<a x='&lt;1&gt;'>\n  <b>4&amp;2</b>\n</a>`)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const a = rootElement(r.value)!
    expect(getAttribute(a, 'x')).toBe('<1>')
    const b = childElements(a)[0]!
    expect(textContent(b)).toBe('4&2')
    expect(b.line).toBe(2)
    expect(b.column).toBe(3)
  })

  it('reports syntax errors with line and column', () => {
    const r = parseXml(`<domain>\n  <devices>\n    <disk>\n  </devices>\n</domain>`)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('xml-syntax')
    expect(r.error.line).toBe(4)
    expect(r.error.column).toBeGreaterThan(0)
  })

  it('rejects a document with no root element', () => {
    const r = parseXml(`<!-- nothing -->`)
    expect(r.ok ? undefined : r.error.code).toBe('xml-syntax')
  })

  it('refuses DOCTYPE, entity declarations and external references', () => {
    const unsafe = [
      `<!DOCTYPE domain [<!ENTITY x "y">]><domain>&x;</domain>`,
      `<!DOCTYPE domain SYSTEM "http://example.invalid/d.dtd"><domain/>`,
      `<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<domain>&xxe;</domain>`,
      `<domain xmlns:xi='http://www.w3.org/2001/XInclude'><xi:include href='/etc/passwd'/></domain>`,
    ]
    for (const s of unsafe) {
      const r = parseXml(s)
      expect(r.ok).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe('unsafe-xml')
      expect(r.error.message).toMatch(/not accepted/)
      expect(r.error.line).toBeGreaterThan(0)
    }
  })

  it('rejects undefined entities as syntax errors', () => {
    const r = parseXml(`<domain>&nope;</domain>`)
    expect(r.ok ? undefined : r.error.code).toBe('xml-syntax')
  })
})
