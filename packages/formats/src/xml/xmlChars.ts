/**
 * The character classes of XML 1.0 (fifth edition): which characters a document may hold at
 * all, and which may start or continue a name. Names may hold colons: namespaces are not
 * processed, as libvirt's own reading of prefixed names (`qemu:commandline`) needs none.
 */

const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}'
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`

/** An XML `Name`, as regular-expression source (needs the `u` flag). */
export const NAME_SOURCE = `[${NAME_START}][${NAME_CHAR}]*`

// note: the NameChar ranges hold combining marks (U+0300-U+036F) on purpose: XML allows them
// after a name's first character; the lint rule cannot tell a range from a combined character
/** Matches a whole string that is a Name. */
// eslint-disable-next-line no-misleading-character-class
export const NAME_RE = new RegExp(`^${NAME_SOURCE}$`, 'u')

// eslint-disable-next-line no-misleading-character-class
const NAME_AT_RE = new RegExp(NAME_SOURCE, 'uy')

/** For ASCII: 2 for a name start character, 1 for another name character, 0 otherwise. */
const ASCII_NAME = new Uint8Array(128)
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c)
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 2
  else if (/[-.0-9]/.test(ch)) ASCII_NAME[c] = 1
}

/**
 * The end of the Name that starts at `at`, or `at` itself when none does.
 *
 * note: names are nearly always ASCII and read through a table; the first non-ASCII character
 * hands the whole name to the full Unicode expression.
 */
export function nameEnd(text: string, at: number): number {
  const first = text.charCodeAt(at)
  if (first < 128) {
    if (ASCII_NAME[first] !== 2) return at
    let i = at + 1
    for (;;) {
      const c = text.charCodeAt(i)
      if (c < 128 && ASCII_NAME[c] !== 0) i++
      else if (c >= 128) break
      else return i
    }
  } else if (!(first >= 128)) {
    return at // past the end
  }
  NAME_AT_RE.lastIndex = at
  const m = NAME_AT_RE.exec(text)
  return m === null ? at : at + m[0].length
}

/** The first character that is not an XML `Char` (a control character, a lone surrogate, U+FFFE, U+FFFF). */
export const NOT_A_CHAR_RE = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/** True when `code` is a code point an XML 1.0 document may hold (the `Char` production). */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/** XML white space: space, tab, line feed, carriage return. */
export function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x9 || code === 0xa || code === 0xd
}

/** A printable form of the character at `offset`, for messages: `'x'` or `U+0001`. */
export function describeChar(text: string, offset: number): string {
  const code = text.codePointAt(offset)
  if (code === undefined) return 'the end of the document'
  if (code > 0x20 && code < 0x7f) return `'${String.fromCodePoint(code)}'`
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}
