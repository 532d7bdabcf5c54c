import type { Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { positionAt } from './textPosition.ts'
import { type XmlError, xmlError } from './xmlError.ts'

// note: the package compiles without DOM or Node types (`lib: ES2022`); TextDecoder is a global
// of every runtime devaddr supports, declared here with only what is used
interface FatalTextDecoder {
  decode(input: Uint8Array): string
}
declare const TextDecoder: new (label: 'utf-8', options: { fatal: boolean; ignoreBOM: boolean }) => FatalTextDecoder

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes raw document bytes as UTF-8, refusing anything that is not proper UTF-8 (libvirt
 * refuses such input too: "Input is not proper UTF-8"), where a lenient decoder would
 * silently turn the bad bytes into U+FFFD. A byte order mark is kept, for `parseXml` to see.
 *
 * @param bytes the document as read from a file or a request body
 * @returns the text, or a `bad-encoding` error giving the byte offset of the first bad
 *   sequence (`byteOffset`, 0-based), its line and column, and the bytes there
 * @example
 * const text = decodeUtf8(readFileSync(path))
 * if (!text.ok) console.error(formatXmlError(text.error))
 * @public
 */
export function decodeUtf8(bytes: Uint8Array): Result<string, XmlError> {
  try {
    return ok(decoder.decode(bytes))
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const shown = Array.from(bytes.subarray(offset, offset + 4), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`)
    // note: the bytes before the bad one are valid UTF-8, so they place it in lines and columns
    const before = decoder.decode(bytes.subarray(0, offset))
    const at = positionAt(before, before.length)
    const e = xmlError(
      'bad-encoding',
      `input is not proper UTF-8: invalid byte sequence at byte ${offset} (bytes: ${shown.join(' ')})`,
      at.line,
      at.column,
    )
    e.byteOffset = offset
    return err(e)
  }
}

/**
 * The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), or the length when all are.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let max = 0xbf
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      // E0 needs A0..BF (no overlong forms), ED needs 80..9F (no surrogates)
      min = b === 0xe0 ? 0xa0 : 0x80
      if (b === 0xed) max = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      // F0 needs 90..BF (no overlong forms), F4 needs 80..8F (nothing past U+10FFFF)
      min = b === 0xf0 ? 0x90 : 0x80
      if (b === 0xf4) max = 0x8f
    } else {
      return i
    }
    const second = bytes[i + 1]
    if (second === undefined || second < min || second > max) return i
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || c < 0x80 || c > 0xbf) return i
    }
    i += need + 1
  }
  return i
}
