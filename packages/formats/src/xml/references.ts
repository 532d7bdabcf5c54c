/**
 * Entity and character references (`&amp;`, `&#10;`, `&#x41;`) and attribute-value
 * normalisation, as an XML 1.0 parser without a DTD applies them. Documents with a DOCTYPE are
 * refused, so only the five predefined entities exist.
 */

import { isXmlChar, NAME_RE } from './xmlChars.ts'

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }

/** A reference read at some `&`: its replacement text and the offset just past its `;`. */
export interface Reference {
  value: string
  end: number
}

/** Why the `&` at some offset does not start a reference. */
export interface BadReference {
  message: string
}

const REFERENCE_RE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([^\s&;<>'"]*));/y

/**
 * Reads the reference starting at the `&` at `at`.
 * @returns the reference, or why it is not one
 */
export function readReference(text: string, at: number): Reference | BadReference {
  REFERENCE_RE.lastIndex = at
  const m = REFERENCE_RE.exec(text)
  if (m === null) return { message: "'&' must start a reference such as &amp; and end with ';'" }
  const [whole, hex, decimal, name] = m
  const end = at + whole.length
  if (name !== undefined) {
    const value = PREDEFINED[name]
    if (value !== undefined) return { value, end }
    if (name === '' || !NAME_RE.test(name)) return { message: `'${whole}' is not a valid reference` }
    return { message: `undefined entity '${whole}': only &lt; &gt; &amp; &apos; &quot; exist without a DTD` }
  }
  // note: past 8 significant digits no number is a code point, and parseInt would lose precision
  const digits = (hex ?? decimal ?? '').replace(/^0+(?=.)/, '')
  const code = digits.length > 8 ? Number.NaN : parseInt(digits, hex !== undefined ? 16 : 10)
  if (!isXmlChar(code)) return { message: `character reference '${whole}' does not name a character allowed in XML` }
  return { value: String.fromCodePoint(code), end }
}

/** True when `r` is a reference that was read, not an error. */
export function isReference(r: Reference | BadReference): r is Reference {
  return 'value' in r
}

/**
 * The value of an attribute written `raw` between its quotes: references replaced, and each
 * literal tab, line feed, carriage return or CRLF turned into one space (XML 1.0 §3.3.3 for
 * CDATA attributes, which all attributes are without a DTD).
 *
 * @returns the value, or the offset in `raw` and the reason of the first bad reference
 */
export function decodeAttributeValue(raw: string): string | { offset: number; message: string } {
  let out = ''
  let from = 0
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c === 38 /* & */) {
      const ref = readReference(raw, i)
      if (!isReference(ref)) return { offset: i, message: ref.message }
      out += raw.slice(from, i) + ref.value
      from = ref.end
      i = ref.end - 1
    } else if (c === 9 || c === 10 || c === 13) {
      out += raw.slice(from, i) + ' '
      if (c === 13 && raw.charCodeAt(i + 1) === 10) i++
      from = i + 1
    }
  }
  return out + raw.slice(from)
}
