import type { Result } from 'devaddr'
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml'
import { err, ok } from '../result.ts'
import type { FormatError } from './formatError.ts'

/** The syntax of a data file. */
export type DataSyntax = 'yaml' | 'json'

/** A parsed data file: its plain value, and where each value sits in the text. */
export interface DataText {
  value: unknown
  /**
   * The 1-based line and column of the value at `path` (or of its nearest ancestor present);
   * with `atKey`, of the key at the end of `path`.
   */
  locate(path: ReadonlyArray<string | number>, atKey?: boolean): { line: number; column: number } | undefined
}

/**
 * Parses YAML 1.2 (core schema, unique keys) or strict JSON. JSON is checked by `JSON.parse`
 * first, so YAML-only syntax is refused in a `.json` file; positions come from the YAML parser,
 * of which JSON is a subset.
 */
export function readDataText(text: string, syntax: DataSyntax): Result<DataText, FormatError> {
  if (syntax === 'json') {
    try {
      JSON.parse(text)
    } catch (e) {
      return err(jsonSyntaxError(text, e))
    }
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' })
  const first = doc.errors[0]
  if (first !== undefined) {
    const at = lineCounter.linePos(first.pos[0])
    return err({ code: 'syntax', message: `not valid ${syntax === 'json' ? 'JSON' : 'YAML'}: ${firstLine(first.message)}`, line: at.line, column: at.col })
  }
  return ok({ value: doc.toJS({ maxAliasCount: 100 }) as unknown, locate: (path, atKey) => locate(doc, lineCounter, path, atKey) })
}

function locate(
  doc: Document,
  lines: LineCounter,
  path: ReadonlyArray<string | number>,
  atKey = false,
): { line: number; column: number } | undefined {
  if (atKey && path.length > 0) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined
    if (isNode(pair?.key) && pair.key.range) {
      const at = lines.linePos(pair.key.range[0])
      return { line: at.line, column: at.col }
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
    if (isNode(node) && node.range) {
      const at = lines.linePos(node.range[0])
      return { line: at.line, column: at.col }
    }
  }
  return undefined
}

/** Node 20 says `… in JSON at position 12`; turned into a line and column. */
function jsonSyntaxError(text: string, e: unknown): FormatError {
  const message = e instanceof Error ? e.message : String(e)
  const error: FormatError = { code: 'syntax', message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}` }
  const position = /at position (\d+)/.exec(message)?.[1]
  if (position !== undefined) {
    const before = text.slice(0, Number(position)).split('\n')
    error.line = before.length
    error.column = (before[before.length - 1] ?? '').length + 1
  }
  return error
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s
}
