import type { Result } from 'devaddr'

import { err, ok } from '../result.ts'
import { type ReadFailure, readTree } from './readTree.ts'
import { positionAt } from './textPosition.ts'
import type { XmlDocument } from './tree.ts'
import { describeChar, NOT_A_CHAR_RE } from './xmlChars.ts'
import { type XmlError, xmlError } from './xmlError.ts'
import { checkSize, DEFAULT_MAX_BYTES, type XmlParseOptions } from './xmlLimits.ts'

/**
 * Parses XML text into a lossless tree (see `tree.ts`), checking that it is well-formed XML 1.0.
 *
 * The size limit is checked first, before any work proportional to the text. Documents with a
 * DOCTYPE are refused outright: no DTD, entity declaration or external entity is ever
 * processed; XInclude is refused too. Elements nested deeper than libvirt accepts (256) are
 * refused, and so is an XML declaration naming an encoding other than UTF-8 (the text is
 * already decoded: see `decodeUtf8` for raw bytes).
 *
 * @param source the document text; a leading U+FEFF byte order mark is kept (`doc.bom`)
 * @param options `maxBytes`: the largest document accepted, in UTF-8 bytes (default 10 MiB)
 * @returns the tree, or an error with code `xml-syntax`, `unsafe-xml`, `too-deep`, `too-large`
 *   or `bad-encoding`, with the 1-based line and column when it has a place
 * @public
 */
export function parseXml(source: string, options: XmlParseOptions = {}): Result<XmlDocument, XmlError> {
  const tooLarge = checkSize(source, options.maxBytes ?? DEFAULT_MAX_BYTES)
  if (tooLarge !== undefined) return err(tooLarge)
  const bom = source.charCodeAt(0) === 0xfeff
  const xml = parsedText(source)
  const tree = readTree(xml)
  // note: characters XML forbids are found in one search of the whole text; whichever problem
  // comes first in the text is the one reported
  const notAChar = NOT_A_CHAR_RE.exec(xml)?.index
  if (notAChar !== undefined && (tree.kind === 'document' || notAChar <= tree.offset)) {
    return failAt(xml, {
      kind: 'failure',
      code: 'xml-syntax',
      message: `${describeChar(xml, notAChar)} is not allowed in an XML document`,
      offset: notAChar,
    })
  }
  if (tree.kind === 'failure') return failAt(xml, tree)
  tree.bom = bom
  return ok(tree)
}

function failAt(xml: string, f: ReadFailure): Result<never, XmlError> {
  const at = positionAt(xml, f.offset)
  return err(xmlError(f.code, f.message, at.line, at.column))
}

/**
 * The text `parseXml(source)` reads, in which its elements' `start` and `end` offsets count:
 * the source without its byte order mark.
 * @public
 */
export function parsedText(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source
}
