/**
 * The XML declaration, `<?xml version='1.0' encoding='UTF-8' standalone='no'?>`: only at the very
 * start of a document, its pseudo-attributes in that order, version required.
 */

/** Where a declaration read at offset 0 ends, and the encoding it names, if any. */
export interface Declaration {
  end: number
  /** the declared encoding, and the offset of its value */
  encoding?: { name: string; offset: number }
}

/** Why the declaration at offset 0 is malformed, and where. */
export interface BadDeclaration {
  offset: number
  message: string
}

/** True when `text` starts with an XML declaration (not a PI such as `<?xml-stylesheet`). */
export function startsWithDeclaration(text: string): boolean {
  if (!text.startsWith('<?xml')) return false
  const c = text.charCodeAt(5)
  return c === 0x20 || c === 0x9 || c === 0xa || c === 0xd || c === 0x3f /* ? */
}

const PSEUDO_ATTRIBUTE_RE = /[ \t\r\n]+([A-Za-z]+)[ \t\r\n]*=[ \t\r\n]*(?:'([^'<>]*)'|"([^"<>]*)")/y
const DECLARATION_END_RE = /[ \t\r\n]*\?>/y

const VALID: Readonly<Record<string, RegExp>> = {
  version: /^1\.[0-9]+$/,
  encoding: /^[A-Za-z][A-Za-z0-9._-]*$/,
  standalone: /^(yes|no)$/,
}

/** Reads the declaration that `startsWithDeclaration` found at offset 0. */
export function readDeclaration(text: string): Declaration | BadDeclaration {
  const expected = ['version', 'encoding', 'standalone']
  let i = '<?xml'.length
  let encoding: Declaration['encoding']
  for (;;) {
    PSEUDO_ATTRIBUTE_RE.lastIndex = i
    const m = PSEUDO_ATTRIBUTE_RE.exec(text)
    if (m === null) break
    const name = m[1] ?? ''
    const value = m[2] ?? m[3] ?? ''
    const at = expected.indexOf(name)
    const nameOffset = i + m[0].indexOf(name)
    if (at < 0)
      return { offset: nameOffset, message: `unexpected '${name}' in the XML declaration: expected ${[...expected, "'?>'"].join(' or ')}` }
    if (i === '<?xml'.length && name !== 'version')
      return { offset: nameOffset, message: 'the XML declaration must start with its version' }
    if (!VALID[name]!.test(value)) return { offset: nameOffset, message: `the XML declaration's ${name} '${value}' is not valid` }
    if (name === 'encoding') encoding = { name: value, offset: i + m[0].length - value.length - 1 }
    expected.splice(0, at + 1)
    i += m[0].length
  }
  if (i === '<?xml'.length) return { offset: i, message: 'the XML declaration must start with its version' }
  DECLARATION_END_RE.lastIndex = i
  if (!DECLARATION_END_RE.test(text))
    return { offset: i, message: "the XML declaration is malformed: expected '?>' or the next of version, encoding, standalone" }
  const d: Declaration = { end: DECLARATION_END_RE.lastIndex }
  if (encoding !== undefined) d.encoding = encoding
  return d
}
