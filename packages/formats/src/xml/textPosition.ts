/**
 * Line and column of an offset in a text, both 1-based. A line ends at LF, CRLF or a lone CR
 * (XML's end-of-line handling); columns count UTF-16 code units from the start of the line.
 */

/** The place of one offset, found by scanning from the start: for errors, which happen once. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const tracker = new LineTracker(text)
  return tracker.at(offset)
}

/**
 * Places offsets that never decrease, in time proportional to the text overall: the parser asks
 * for the place of every element in document order.
 */
export class LineTracker {
  /** the line of the last offset placed */
  line = 1
  /** where that line starts */
  lineStart = 0
  /** offset up to which line ends have been counted */
  private scanned = 0
  /** the next LF at or after `scanned`, or the text's length */
  private nextLf: number
  /** the next CR at or after `scanned`, or the text's length (a text without CR never searches again) */
  private nextCr: number

  constructor(private readonly text: string) {
    this.nextLf = this.find('\n', 0)
    this.nextCr = this.find('\r', 0)
  }

  /** The place of `offset`; `offset` must not be less than in the previous call. */
  at(offset: number): { line: number; column: number } {
    this.advance(offset)
    return { line: this.line, column: offset - this.lineStart + 1 }
  }

  /** Places `offset` (see `line`, `lineStart`); offsets must not decrease from call to call. */
  advance(offset: number): void {
    if (offset < this.scanned) return
    // note: each search starts past the previous hit, so the whole text is searched at most once
    for (;;) {
      const end = Math.min(this.nextLf, this.nextCr)
      if (end >= offset) break
      if (end === this.nextCr) {
        // a CR followed by LF is counted at the LF
        if (this.text.charCodeAt(end + 1) !== 10) this.newLine(end + 1)
        this.nextCr = this.find('\r', end + 1)
      } else {
        this.newLine(end + 1)
        this.nextLf = this.find('\n', end + 1)
      }
    }
    this.scanned = offset
  }

  private newLine(start: number): void {
    this.line++
    this.lineStart = start
  }

  private find(c: string, from: number): number {
    const i = this.text.indexOf(c, from)
    return i < 0 ? this.text.length : i
  }
}
