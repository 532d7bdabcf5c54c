import type { Result } from 'devaddr'

import type { ApiError } from './response.ts'

/**
 * Parses a JSON request body. A syntax error gets its line and column (Node 20 reports a
 * character position; it is turned into a place a person can find).
 */
export function parseJsonBody(text: string): Result<unknown, ApiError[]> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const error: ApiError = { code: 'syntax', message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}` }
    // note: a text cut short has no position in the message; its end is where it went wrong
    const position = /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? String(text.length) : undefined)
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n')
      error.line = before.length
      error.column = (before[before.length - 1] ?? '').length + 1
    }
    return { ok: false, error: [error] }
  }
}
