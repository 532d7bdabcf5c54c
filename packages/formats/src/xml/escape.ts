/** Escapes a value for an attribute written between single or double quotes. */
export function escapeAttribute(value: string): string {
  // note: \t \n \r become character references, otherwise attribute-value normalisation
  // would turn them into spaces on the next read.
  // note: most values need no escape; testing first saves the replace and its callback
  return ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_SPECIALS, (c) => ATTRIBUTE_ESCAPES[c] ?? c) : value
}

const ATTRIBUTE_SPECIAL = /[&<>'"\t\n\r]/
const ATTRIBUTE_SPECIALS = /[&<>'"\t\n\r]/g

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&apos;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

/** Escapes character data. */
export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : value
}

const TEXT_SPECIAL = /[&<>]/

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }

/**
 * Decodes the predefined entities and character references of raw character data.
 * Documents with a DTD are refused, so no other entity can occur.
 */
export function decodeText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16))
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10))
    return PREDEFINED[ref] ?? whole
  })
}
