import { describeChar, nameEnd } from './xmlChars.ts'

const SPACE_RE = /[ \t\r\n]*/y

/** The end of the white space starting at `at`. */
function skipSpace(s: string, at: number): number {
  SPACE_RE.lastIndex = at
  SPACE_RE.test(s)
  return SPACE_RE.lastIndex
}

/**
 * What is wrong in a start tag at `i`, right after its name or its last attribute, where
 * neither another attribute nor `>`/`/>` follows: the reader only looks for what is valid, and
 * asks here for the words once it has failed.
 */
export function startTagError(s: string, name: string, i: number, afterAttribute: boolean): { message: string; offset: number } {
  const j = skipSpace(s, i)
  if (j >= s.length) return { message: `the document ends inside the start tag of <${name}>`, offset: j }
  if (s.charCodeAt(j) === 0x2f /* / */) return { message: `'/' in the start tag of <${name}> must be followed by '>'`, offset: j }
  const attrStop = nameEnd(s, j)
  if (attrStop === j) return { message: `${describeChar(s, j)} is not allowed in the start tag of <${name}>`, offset: j }
  const attr = s.slice(j, attrStop)
  if (j === i && afterAttribute) return { message: `no white space before attribute '${attr}'`, offset: j }
  const k = skipSpace(s, attrStop)
  if (s.charCodeAt(k) !== 0x3d /* = */) return { message: `attribute '${attr}' of <${name}> has no value`, offset: j }
  return { message: `the value of attribute '${attr}' must be quoted`, offset: skipSpace(s, k + 1) }
}
