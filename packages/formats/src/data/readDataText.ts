import type { Result } from 'devaddr'
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml'

import { err, ok } from '../result.ts'
import { DATA_DEPTH_MAX, tooDeepAliasNode, tooDeepOffset } from './dataNesting.ts'
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

/** Aliases a document may expand: more is a "billion laughs" document. */
const ALIAS_COUNT_MAX = 100

/**
 * Parses YAML 1.2 (core schema, unique keys) or strict JSON. JSON is checked by `JSON.parse`
 * first, so YAML-only syntax is refused in a `.json` file; positions come from the YAML parser,
 * of which JSON is a subset. Nesting deeper than `DATA_DEPTH_MAX` (with aliases expanded) and
 * documents whose aliases expand too far are refused as syntax errors, with their place, before
 * any recursive step of the YAML library sees them.
 */
export function readDataText(text: string, syntax: DataSyntax): Result<DataText, FormatError> {
  if (syntax === 'json') {
    try {
      JSON.parse(text)
    } catch (e) {
      return err(jsonSyntaxError(text, e))
    }
  }
  const name = syntax === 'json' ? 'JSON' : 'YAML'
  const lineCounter = new LineCounter()
  const syntaxError = (offset: number, message: string): FormatError => {
    const at = positionOf(text, offset)
    return { code: 'syntax', message: `not valid ${name}: ${message}`, line: at.line, column: at.column }
  }
  const deep = tooDeepOffset(text)
  if (deep !== undefined) return err(syntaxError(deep, `nested deeper than ${DATA_DEPTH_MAX} levels`))
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' })
  const first = doc.errors[0]
  if (first !== undefined) {
    const at = lineCounter.linePos(first.pos[0])
    return err({ code: 'syntax', message: `not valid ${name}: ${firstLine(first.message)}`, line: at.line, column: at.col })
  }
  const deepAlias = tooDeepAliasNode(doc)
  if (deepAlias !== undefined) return err(syntaxError(deepAlias.range?.[0] ?? 0, `aliases nest it deeper than ${DATA_DEPTH_MAX} levels`))
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: ALIAS_COUNT_MAX })
  } catch (e) {
    // note: the yaml library refuses aliases that expand past maxAliasCount ("billion laughs")
    if (e instanceof ReferenceError || (e instanceof Error && /alias/i.test(e.message)))
      return err({
        code: 'syntax',
        message: `not valid ${name}: its aliases expand to too many values (more than ${ALIAS_COUNT_MAX} per alias)`,
      })
    throw e
  }
  return ok({ value, locate: (path, atKey) => locate(doc, lineCounter, path, atKey) })
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

/** The 1-based line and column of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: offset - start + 1 }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s
}
