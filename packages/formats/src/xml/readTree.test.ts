import { describe, expect, it } from 'vitest'

import { parsedText, parseXml } from './parseXml.ts'
import { serializeNode, serializeXml } from './serializeXml.ts'
import { getAttribute, rootElement, type XmlDocument, type XmlElement } from './tree.ts'
import type { XmlErrorCode } from './xmlError.ts'

/** The error of a document that must be refused. */
function refusal(xml: string) {
  const r = parseXml(xml)
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(xml)}`)
  return r.error
}

function root(xml: string): XmlElement {
  const r = parseXml(xml)
  if (!r.ok) throw new Error(r.error.message)
  return rootElement(r.value)!
}

/** [what, document, line, column, message pattern, code] */
type Case = [string, string, number, number, RegExp, XmlErrorCode?]

const NOT_WELL_FORMED: Case[] = [
  ['mismatched end tag (at its >)', `<a>\n  <b>\n</a>`, 3, 4, /<\/a> does not match the start tag <b> \(line 2, column 3\)/],
  ['end tag closing nothing', `</a>`, 1, 4, /closes no element/],
  ['unclosed element (at the end)', `<a><b></b>`, 1, 11, /ends before <a> \(line 1, column 1\) is closed/],
  ['duplicate attribute', `<a x='1' x='2'/>`, 1, 10, /duplicate attribute 'x'/],
  ['bad element name', `<1a/>`, 1, 2, /'1' cannot start an element name/],
  ['bad attribute name', `<a 1x='1'/>`, 1, 4, /'1' is not allowed in the start tag of <a>/],
  ['bad end tag name', `<a></ a>`, 1, 6, /cannot start an element name/],
  ['junk in an end tag', `<a></a x>`, 1, 7, /expected '>' to end the end tag <\/a>/],
  ['< in an attribute value', `<a x='1<2'/>`, 1, 8, /'<' is not allowed in the value of attribute 'x'/],
  ['no white space between attributes', `<a x='1'y='2'/>`, 1, 9, /no white space before attribute 'y'/],
  ['attribute without a value', `<a x/>`, 1, 4, /attribute 'x' of <a> has no value/],
  ['unquoted attribute value', `<a x = 1/>`, 1, 8, /must be quoted/],
  ['unclosed attribute value', `<a x='1/>`, 1, 6, /value of attribute 'x' is never closed/],
  ['/ not followed by >', `<a/ >`, 1, 3, /'\/' in the start tag of <a> must be followed by '>'/],
  ['end inside a start tag', `<a x='1'`, 1, 9, /ends inside the start tag of <a>/],
  ['undefined entity', `<a>&nope;</a>`, 1, 4, /undefined entity '&nope;'/],
  ['& not starting a reference', `<a>fish & chips</a>`, 1, 9, /'&' must start a reference/],
  ['reference without ;', `<a>&amp</a>`, 1, 4, /'&' must start a reference/],
  ['bad reference name', `<a>&1x;</a>`, 1, 4, /'&1x;' is not a valid reference/],
  ['character reference to NUL', `<a>&#0;</a>`, 1, 4, /does not name a character allowed in XML/],
  ['character reference to a surrogate', `<a>&#xD800;</a>`, 1, 4, /does not name a character/],
  ['character reference past U+10FFFF', `<a>&#x110000;</a>`, 1, 4, /does not name a character/],
  ['bad reference in an attribute', `<a x='a&b'/>`, 1, 8, /'&' must start a reference/],
  ['undefined entity in an attribute', `<a x='&nbsp;'/>`, 1, 7, /undefined entity/],
  [']]> in text', `<a>x]]>y</a>`, 1, 5, /']]>' is not allowed in text/],
  ['text before the root', `x<a/>`, 1, 1, /text before the root element/],
  ['text after the root', `<a/>\n x`, 2, 2, /text after the root element/],
  ['a second root element', `<a/><b/>`, 1, 5, /a second root element/],
  ['CDATA outside the root', `<![CDATA[x]]><a/>`, 1, 1, /CDATA section outside the root element/],
  ['-- in a comment', `<a><!-- x -- y --></a>`, 1, 11, /'--' is not allowed inside a comment/],
  ['comment ending in --->', `<a><!-- x ---></a>`, 1, 11, /'--' is not allowed inside a comment/],
  ['unclosed comment', `<a><!-- x</a>`, 1, 4, /comment is never closed/],
  ['unclosed CDATA section', `<a><![CDATA[x</a>`, 1, 4, /CDATA section is never closed/],
  ['unclosed processing instruction', `<a><?pi x</a>`, 1, 4, /processing instruction is never closed/],
  ['processing instruction without a target', `<a><? x?></a>`, 1, 6, /needs a target name/],
  ['target not followed by white space', `<a><?pi"x"?></a>`, 1, 8, /must be followed by white space/],
  ['<! starting nothing known', `<a><!ELEMENT a></a>`, 1, 4, /'<!' must start a comment/],
  ['no root element', ``, 1, 1, /no root element/],
  ['only a comment', `<!-- c -->\n`, 2, 1, /no root element/],
  ['XML declaration not at the start', ` <?xml version='1.0'?><a/>`, 1, 2, /only at the very start/],
  ['XML declaration inside the root', `<a><?XML version='1.0'?></a>`, 1, 4, /only at the very start/],
  ['declaration without a version', `<?xml encoding='UTF-8'?><a/>`, 1, 7, /must start with its version/],
  ['declaration with a bad version', `<?xml version='2.0'?><a/>`, 1, 7, /version '2.0' is not valid/],
  ['declaration with a bad standalone', `<?xml version='1.0' standalone='maybe'?><a/>`, 1, 21, /standalone 'maybe' is not valid/],
  ['declaration out of order', `<?xml version='1.0' standalone='no' encoding='UTF-8'?><a/>`, 1, 37, /unexpected 'encoding'/],
  ['declaration not closed', `<?xml version='1.0' <a/>`, 1, 20, /expected '\?>'/],
  ['a control character', `<a>\u0001</a>`, 1, 4, /U\+0001 is not allowed in an XML document/],
  ['a lone surrogate', `<a x='\uD800'/>`, 1, 7, /U\+D800 is not allowed/],
  ['U+FFFE', `<a>\uFFFE</a>`, 1, 4, /U\+FFFE is not allowed/],
  ['a DOCTYPE', `<?xml version='1.0'?>\n<!DOCTYPE a>\n<a/>`, 2, 1, /DOCTYPE declarations are not accepted/, 'unsafe-xml'],
  ['a DOCTYPE after the root', `<a/><!DOCTYPE a>`, 1, 5, /DOCTYPE/, 'unsafe-xml'],
  ['XInclude', `<a>\n  <b xmlns:xi="http://www.w3.org/2001/XInclude"/></a>`, 2, 3, /XInclude/, 'unsafe-xml'],
  [
    'encoding other than UTF-8',
    `<?xml version='1.0' encoding='ISO-8859-1'?>\n<a/>`,
    1,
    31,
    /encoding 'ISO-8859-1': only UTF-8/,
    'bad-encoding',
  ],
]

describe('parseXml: well-formedness', () => {
  it.each(NOT_WELL_FORMED)('refuses %s, at its line and column', (_, xml, line, column, message, code = 'xml-syntax') => {
    expect(refusal(xml)).toMatchObject({ code, line, column, message: expect.stringMatching(message) })
  })

  it('reports whichever problem comes first', () => {
    expect(refusal(`<a>\u0001<b></a>`)).toMatchObject({ column: 4, message: expect.stringMatching(/U\+0001/) })
    expect(refusal(`<a></b>\u0001</a>`)).toMatchObject({ column: 7, message: expect.stringMatching(/does not match/) })
  })

  it('counts LF, CRLF and a lone CR as one line end each', () => {
    expect(refusal(`<a>\r\n<b>\r<c x='1' x='2'/></b></a>`)).toMatchObject({ line: 3, column: 10 })
    expect(refusal(`<a>\n\r\n\r\r\n &bad</a>`)).toMatchObject({ line: 5, column: 2 })
  })

  it('places an error after a byte order mark as if the mark were not there', () => {
    expect(refusal(`\uFEFF<a>`)).toMatchObject({ line: 1, column: 4 })
  })

  it('finds duplicates among many attributes', () => {
    const attrs = Array.from({ length: 40 }, (_, i) => ` a${i}='${i}'`).join('')
    expect(root(`<e${attrs}/>`).attributes).toHaveLength(40)
    expect(refusal(`<e${attrs} a7='x'/>`).message).toMatch(/duplicate attribute 'a7'/)
  })
})

describe('parseXml: what it accepts', () => {
  it('normalises attribute values as XML 1.0 does, keeping the raw text', () => {
    const a = root(`<a x='a\tb\r\nc\rd&#10;e&#x9;f  g' y="&lt;&amp;&gt;&apos;&quot;&#65;&#x42;"/>`)
    expect(getAttribute(a, 'x')).toBe('a b c d\ne\tf  g')
    expect(getAttribute(a, 'y')).toBe(`<&>'"AB`)
    expect(a.attributes[0]?.raw).toBe('a\tb\r\nc\rd&#10;e&#x9;f  g')
  })

  it('reads character references with leading zeros', () => {
    expect(getAttribute(root(`<a x='&#0000000065;&#x00000042;'/>`), 'x')).toBe('AB')
  })

  it('reads non-ASCII names', () => {
    const a = root(`<héllo wörld='1' _·x-1.2='2'><ü:b/></héllo>`)
    expect(a.name).toBe('héllo')
    expect(a.attributes.map((x) => x.name)).toEqual(['wörld', '_·x-1.2'])
    expect(refusal(`<·a/>`).column).toBe(2)
  })

  it('keeps every piece of markup as written', () => {
    const samples = [
      `<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>`,
      `<?xml version="1.0" encoding="UTF8"?>\n<a/>`,
      `<?xml-stylesheet href="s.css"?><a/>`,
      `<a x = "1"\ty='2'\n  ></a\n >`,
      `<a><?pi?><?pi  x ?><!----><!-- - --><![CDATA[]]><![CDATA[<&]]]></a>`,
      `<a>&#xD7FF;&#xE000;&#x10FFFF; \u{1F600} ]] &gt; > </a>`,
      `\n<!-- before -->\n<?pi?>\n<a/>\n<!-- after -->\n<?pi?>\n`,
    ]
    for (const s of samples) {
      const r = parseXml(s)
      expect(r.ok, r.ok ? s : r.error.message).toBe(true)
      if (r.ok) expect(serializeXml(r.value)).toBe(s)
    }
  })

  it('gives every element the line and column of its <', () => {
    const a = root(`<a>\r\n  <b/>\r    <c>\n\t<d/></c></a>`)
    const b = a.children[1] as XmlElement
    const c = a.children[3] as XmlElement
    const d = c.children[1] as XmlElement
    expect([a.line, a.column, b.line, b.column, c.line, c.column, d.line, d.column]).toEqual([1, 1, 2, 3, 3, 5, 4, 2])
  })

  it('gives every element the stretch of the text that is its own serialisation', () => {
    const samples = [
      `<a>\r\n  <b/>\r    <c x = "1"\ty='2'\n  >\n\t<d/></c\n ></a>`,
      `\uFEFF<?xml version='1.0'?>\n<!-- c -->\n<a><![CDATA[<b/>]]><b x='&lt;'>&amp;<c/></b><?pi x?></a>\n`,
      `<a><b></b><b/><b > </b ></a>`,
    ]
    for (const text of samples) {
      const r = parseXml(text)
      if (!r.ok) throw new Error(r.error.message)
      const read = parsedText(text)
      const spans: Array<[string, string]> = []
      const walk = (parent: XmlDocument | XmlElement): void => {
        for (const c of parent.children)
          if (c.kind === 'element') {
            spans.push([read.slice(c.start, c.end), serializeNode(c)])
            walk(c)
          }
      }
      walk(r.value)
      expect(spans.length).toBeGreaterThan(2)
      for (const [span, written] of spans) expect(span).toBe(written)
    }
  })
})
