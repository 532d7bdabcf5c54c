/**
 * The tokenizer behind `parseXml`: one pass over the text that checks well-formedness and
 * builds the lossless tree (see `tree.ts`) at the same time.
 *
 * Each piece of markup is found with `indexOf`, sticky regular expressions and, for names, a
 * table of ASCII character classes; its exact text is sliced from the source. Searches that
 * could otherwise rescan the same stretch again and again (the next `&`, the next `]]>`, line
 * ends) remember their last hit, so the pass stays linear. The open elements are an explicit
 * stack: nesting costs no call depth.
 */

import { decodeAttributeValue, isReference, readReference } from './references.ts'
import { startTagError } from './startTagError.ts'
import { LineTracker } from './textPosition.ts'
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode } from './tree.ts'
import { describeChar, isXmlSpace, nameEnd } from './xmlChars.ts'
import { readDeclaration, startsWithDeclaration } from './xmlDeclaration.ts'
import type { XmlErrorCode } from './xmlError.ts'
import { MAX_ELEMENT_DEPTH } from './xmlLimits.ts'

/** Why reading stopped: the first problem found, at an offset of the text. */
export interface ReadFailure {
  kind: 'failure'
  code: XmlErrorCode
  message: string
  offset: number
}

const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude'

const END_TAG_END_RE = /[ \t\r\n]*>/y
const SPACE_RE = /[ \t\r\n]*/y
/** characters that make an attribute's value differ from its raw text */
const NEEDS_DECODING_RE = /[&\t\n\r]/
/** past this many attributes, duplicates are found with a set rather than a scan */
const SCAN_LIMIT = 16

/**
 * Reads a whole document (without its byte order mark).
 * @param maxDepth the deepest nesting accepted; only tests lift libvirt's limit
 * @returns the tree, or the first problem with its offset
 */
export function readTree(xml: string, maxDepth: number = MAX_ELEMENT_DEPTH): XmlDocument | ReadFailure {
  const reader = new TreeReader(xml, maxDepth)
  try {
    return reader.read()
  } catch (e) {
    if (e instanceof Stop) return e.failure
    throw e
  }
}

/** Thrown inside the reader to stop at the first problem; `readTree` turns it into a value. */
class Stop {
  constructor(readonly failure: ReadFailure) {}
}

class TreeReader {
  private pos = 0
  private readonly doc: XmlDocument = { kind: 'document', bom: false, children: [] }
  /** the open elements, innermost last */
  private readonly open: XmlElement[] = []
  /**
   * The children read so far of every open element (and of the document), outermost first:
   * an element's start at `childStarts`, its end at `childCount`. Each element gets an array
   * of exactly its children when it closes.
   *
   * note: pushing onto an empty array reserves 17 slots; most elements have one or two
   * children, and the tree is kept, so the over-allocation would be most of its weight.
   */
  private readonly scratch: XmlNode[] = []
  private childCount = 0
  private readonly childStarts: number[] = []
  /** attributes of the start tag being read, likewise copied to an exact array */
  private readonly attributeScratch: XmlAttribute[] = []
  private sawRoot = false
  private readonly lines: LineTracker
  /** the next `&` at or after some offset already passed (see `checkText`), or the length */
  private nextAmp = -1
  /** the next `]]>`, likewise */
  private nextCdataEnd = -1
  /** `</name>` for each element name seen, shared by the self-closing elements */
  private readonly closeTags = new Map<string, string>()

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {
    this.lines = new LineTracker(s)
  }

  read(): XmlDocument {
    const s = this.s
    if (startsWithDeclaration(s)) this.declaration()
    for (;;) {
      const lt = s.indexOf('<', this.pos)
      const end = lt < 0 ? s.length : lt
      if (end > this.pos) this.text(end)
      if (lt < 0) break
      switch (s.charCodeAt(lt + 1)) {
        case 0x2f /* / */:
          this.endTag(lt)
          break
        case 0x21 /* ! */:
          this.bang(lt)
          break
        case 0x3f /* ? */:
          this.processingInstruction(lt)
          break
        default:
          this.startTag(lt)
      }
    }
    const innermost = this.open[this.open.length - 1]
    if (innermost !== undefined) {
      this.fail(`the document ends before <${innermost.name}> (line ${innermost.line}, column ${innermost.column}) is closed`, s.length)
    }
    if (!this.sawRoot) this.fail('the document has no root element', s.length)
    this.doc.children = this.scratch.slice(0, this.childCount)
    return this.doc
  }

  private add(node: XmlNode): void {
    this.scratch[this.childCount++] = node
  }

  private declaration(): void {
    const d = readDeclaration(this.s)
    if ('message' in d) this.fail(d.message, d.offset)
    if (d.encoding !== undefined && !/^utf-?8$/i.test(d.encoding.name)) {
      this.fail(`the XML declaration names the encoding '${d.encoding.name}': only UTF-8 is accepted`, d.encoding.offset, 'bad-encoding')
    }
    this.add({ kind: 'declaration', raw: this.s.slice(0, d.end) })
    this.pos = d.end
  }

  /** Character data from `pos` up to `end` (the next `<` or the end of the text). */
  private text(end: number): void {
    const s = this.s
    const start = this.pos
    if (this.open.length === 0) {
      SPACE_RE.lastIndex = start
      SPACE_RE.test(s)
      if (SPACE_RE.lastIndex < end) {
        this.fail(
          this.sawRoot ? 'text after the root element: a document holds one element' : 'text before the root element',
          SPACE_RE.lastIndex,
        )
      }
    } else {
      this.checkText(start, end)
    }
    this.add({ kind: 'text', raw: s.slice(start, end) })
    this.pos = end
  }

  /** Every `&` in [start, end) starts a valid reference, and `]]>` does not occur. */
  private checkText(start: number, end: number): void {
    const s = this.s
    let amp = this.nextAmp < start ? find(s, '&', start) : this.nextAmp
    while (amp < end) {
      const ref = readReference(s, amp)
      if (!isReference(ref)) this.fail(ref.message, amp)
      amp = find(s, '&', ref.end)
    }
    this.nextAmp = amp
    if (this.nextCdataEnd < start) this.nextCdataEnd = find(s, ']]>', start)
    if (this.nextCdataEnd < end) this.fail("']]>' is not allowed in text (it ends CDATA sections): write ]]&gt;", this.nextCdataEnd)
  }

  private startTag(lt: number): void {
    const s = this.s
    if (this.sawRoot && this.open.length === 0) this.fail('a second root element: a document holds one element', lt)
    if (this.open.length >= this.maxDepth) {
      this.fail(`elements are nested more than ${this.maxDepth} deep, libvirt's limit (libxml2's maximum depth)`, lt, 'too-deep')
    }
    const nameStop = nameEnd(s, lt + 1)
    if (nameStop === lt + 1) this.fail(`${describeChar(s, lt + 1)} cannot start an element name`, lt + 1)
    const name = s.slice(lt + 1, nameStop)
    const scratch = this.attributeScratch
    let count = 0
    let names: Set<string> | undefined
    let i = nameStop
    for (;;) {
      // white space, a name, `=` (white space around it allowed), a quote: else the tag ends here
      let j = i
      while (isXmlSpace(s.charCodeAt(j))) j++
      if (j === i) break
      const attrStop = nameEnd(s, j)
      if (attrStop === j) break
      let k = attrStop
      while (isXmlSpace(s.charCodeAt(k))) k++
      if (s.charCodeAt(k) !== 0x3d /* = */) break
      k++
      while (isXmlSpace(s.charCodeAt(k))) k++
      const q = s.charCodeAt(k)
      if (q !== 0x27 /* ' */ && q !== 0x22 /* " */) break
      const attrName = s.slice(j, attrStop)
      const quote = q === 0x22 ? '"' : "'"
      const valueStart = k + 1
      const valueEnd = s.indexOf(quote, valueStart)
      if (valueEnd < 0) this.fail(`the value of attribute '${attrName}' is never closed`, k)
      const raw = s.slice(valueStart, valueEnd)
      const less = raw.indexOf('<')
      if (less >= 0) this.fail(`'<' is not allowed in the value of attribute '${attrName}': write &lt;`, valueStart + less)
      let value = raw
      if (NEEDS_DECODING_RE.test(raw)) {
        const decoded = decodeAttributeValue(raw)
        if (typeof decoded !== 'string') this.fail(decoded.message, valueStart + decoded.offset)
        value = decoded
      }
      if (count >= SCAN_LIMIT) names ??= new Set(scratch.slice(0, count).map((a) => a.name))
      if (names !== undefined ? names.has(attrName) : hasAttribute(scratch, count, attrName)) {
        this.fail(`duplicate attribute '${attrName}' on <${name}>`, j)
      }
      names?.add(attrName)
      if ((attrName === 'xmlns' || attrName.startsWith('xmlns:')) && value === XINCLUDE_NS) {
        this.fail(`XInclude (${attrName}='${XINCLUDE_NS}') is not accepted: it loads external documents`, lt, 'unsafe-xml')
      }
      scratch[count++] = { name: attrName, value, lead: s.slice(i, j), eq: s.slice(attrStop, k), quote, raw }
      i = valueEnd + 1
    }
    // note: a scan, not a regular expression: exec made a match array and two strings per tag
    let gt = i
    while (isXmlSpace(s.charCodeAt(gt))) gt++
    const selfClosing = s.charCodeAt(gt) === 0x2f /* / */
    const close = selfClosing ? gt + 1 : gt
    if (s.charCodeAt(close) !== 0x3e /* > */) {
      const why = startTagError(s, name, i, count > 0)
      this.fail(why.message, why.offset)
    }
    this.lines.advance(lt)
    const element: XmlElement = {
      kind: 'element',
      name,
      attributes: count === 0 ? [] : scratch.slice(0, count),
      tagEnd: gt === i ? '' : s.slice(i, gt),
      selfClosing,
      children: [],
      // note: an end tag read later replaces this one
      closeTag: selfClosing ? this.closeTagOf(name) : '',
      line: this.lines.line,
      column: lt - this.lines.lineStart + 1,
      start: lt,
      // note: an end tag read later moves this
      end: close + 1,
    }
    this.add(element)
    this.sawRoot = true
    if (!selfClosing) {
      this.open.push(element)
      this.childStarts.push(this.childCount)
    }
    this.pos = close + 1
  }

  private closeTagOf(name: string): string {
    let tag = this.closeTags.get(name)
    if (tag === undefined) {
      tag = `</${name}>`
      this.closeTags.set(name, tag)
    }
    return tag
  }

  private endTag(lt: number): void {
    const s = this.s
    const nameStop = nameEnd(s, lt + 2)
    if (nameStop === lt + 2) this.fail(`${describeChar(s, lt + 2)} cannot start an element name`, lt + 2)
    const name = s.slice(lt + 2, nameStop)
    END_TAG_END_RE.lastIndex = nameStop
    if (!END_TAG_END_RE.test(s)) this.fail(`expected '>' to end the end tag </${name}>`, nameStop)
    // note: a mismatch is reported at the '>' of the end tag, where it is known (as saxes did)
    const gt = END_TAG_END_RE.lastIndex - 1
    const element = this.open.pop()
    if (element === undefined) this.fail(`end tag </${name}> closes no element`, gt)
    if (element.name !== name) {
      this.fail(`end tag </${name}> does not match the start tag <${element.name}> (line ${element.line}, column ${element.column})`, gt)
    }
    element.closeTag = s.slice(lt, END_TAG_END_RE.lastIndex)
    element.end = END_TAG_END_RE.lastIndex
    const start = this.childStarts.pop() ?? 0
    if (this.childCount > start) element.children = this.scratch.slice(start, this.childCount)
    this.childCount = start
    this.pos = END_TAG_END_RE.lastIndex
  }

  /** `<!`: a comment, a CDATA section, or a DOCTYPE (refused). */
  private bang(lt: number): void {
    const s = this.s
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4)
      if (end < 0) this.fail('a comment is never closed', lt)
      // note: the first '--' is at `end` at the latest: any earlier one is inside the comment
      const dashes = s.indexOf('--', lt + 4)
      if (dashes < end) this.fail("'--' is not allowed inside a comment", dashes)
      this.add({ kind: 'comment', raw: s.slice(lt, end + 3) })
      this.pos = end + 3
    } else if (s.startsWith('<![CDATA[', lt)) {
      if (this.open.length === 0) this.fail('a CDATA section outside the root element', lt)
      const end = s.indexOf(']]>', lt + 9)
      if (end < 0) this.fail('a CDATA section is never closed', lt)
      this.add({ kind: 'cdata', raw: s.slice(lt, end + 3) })
      this.pos = end + 3
    } else if (s.startsWith('<!DOCTYPE', lt)) {
      this.fail(
        'DOCTYPE declarations are not accepted: a DTD can declare entities and load external files, so documents carrying one are refused',
        lt,
        'unsafe-xml',
      )
    } else {
      this.fail("'<!' must start a comment (<!--), a CDATA section (<![CDATA[) or a DOCTYPE", lt)
    }
  }

  private processingInstruction(lt: number): void {
    const s = this.s
    const after = nameEnd(s, lt + 2)
    if (after === lt + 2) this.fail('a processing instruction needs a target name', lt + 2)
    const target = s.slice(lt + 2, after)
    if (target.toLowerCase() === 'xml') this.fail('an XML declaration is allowed only at the very start of the document', lt)
    let end: number
    if (s.startsWith('?>', after)) end = after
    else if (isXmlSpace(s.charCodeAt(after))) end = s.indexOf('?>', after)
    else this.fail(`the target of a processing instruction must be followed by white space or '?>'`, after)
    if (end < 0) this.fail('a processing instruction is never closed', lt)
    this.add({ kind: 'pi', target, raw: s.slice(lt, end + 2) })
    this.pos = end + 2
  }

  private fail(message: string, offset: number, code: XmlErrorCode = 'xml-syntax'): never {
    throw new Stop({ kind: 'failure', code, message, offset })
  }
}

function hasAttribute(attributes: readonly XmlAttribute[], count: number, name: string): boolean {
  for (let i = 0; i < count; i++) if (attributes[i]?.name === name) return true
  return false
}

/** The offset of the next `needle` at or after `from`, or the text's length. */
function find(s: string, needle: string, from: number): number {
  const i = s.indexOf(needle, from)
  return i < 0 ? s.length : i
}
