/**
 * The limits libvirt puts on a document, checked before any work proportional to its size.
 */

import { type XmlError, xmlError } from './xmlError.ts'

/**
 * Deepest element nesting accepted (the root is at depth 1): libxml2's default
 * `xmlParserMaxDepth`, which libvirt does not lift.
 */
export const MAX_ELEMENT_DEPTH = 256

/** Largest document accepted by default: virsh reads at most 10 MiB of XML (`VSH_MAX_XML_FILE`). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024

/**
 * Options of the XML parse entry points (`parseXml`, `parseDomainXml`).
 * @public
 */
export interface XmlParseOptions {
  /** Refuse documents whose UTF-8 encoding is longer than this many bytes (default 10 MiB, as virsh). */
  maxBytes?: number
}

/**
 * Refuses a text longer than `maxBytes` once encoded as UTF-8. Counts bytes only when the
 * length alone cannot decide, and never past `maxBytes` code units.
 */
export function checkSize(text: string, maxBytes: number): XmlError | undefined {
  // note: a UTF-16 code unit is 1 to 3 bytes of UTF-8 (a surrogate pair is 4 bytes for 2 units)
  if (text.length * 3 <= maxBytes) return undefined
  const bytes = text.length > maxBytes ? Number.POSITIVE_INFINITY : utf8Length(text)
  if (bytes <= maxBytes) return undefined
  const size = bytes === Number.POSITIVE_INFINITY ? `more than ${maxBytes}` : String(bytes)
  return xmlError('too-large', `the document is ${size} bytes long, over the limit of ${maxBytes} bytes (${describeBytes(maxBytes)})`)
}

function utf8Length(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    // a high surrogate and its low surrogate: 4 bytes for the pair (the low one adds the 1 left)
    else if (c >= 0xd800 && c <= 0xdbff) n += 3
    else if (c >= 0xdc00 && c <= 0xdfff) n += i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800 ? 1 : 3
    else n += 3
  }
  return n
}

function describeBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  if (n % 1024 === 0) return `${n / 1024} KiB`
  return `${n} B`
}
