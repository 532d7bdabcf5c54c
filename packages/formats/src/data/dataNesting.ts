import { type CST, type Document, isAlias, isMap, isPair, isSeq, type Node, Parser } from 'yaml'

/**
 * The deepest nesting of mappings and sequences a data file may have: libvirt's XML parser
 * refuses documents nested deeper than 256 levels, and devaddr's data formats take no more.
 */
export const DATA_DEPTH_MAX = 256

/**
 * The offset of the first collection nested deeper than `DATA_DEPTH_MAX` in YAML or JSON text,
 * so that a hostile text never reaches the recursive parts of the `yaml` library (its composer,
 * `toJS`). Two linear scans bound flow brackets and block indentation first (the yaml parser is
 * slow on deep nesting); the concrete syntax tree, whose parser keeps no recursion, decides.
 */
export function tooDeepOffset(text: string): number | undefined {
  return flowTooDeep(text) ?? blockTooDeep(text) ?? cstTooDeep(text)
}

/** The first `[` or `{` more than `DATA_DEPTH_MAX` deep, outside quoted scalars and comments. */
function flowTooDeep(text: string): number | undefined {
  let depth = 0
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote === '"') {
      if (c === '\\') i++
      else if (c === '"') quote = undefined
    } else if (quote === "'") {
      if (c === "'") quote = undefined
    } else if (c === '"' || c === "'") quote = c
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i)
      if (end === -1) break
      i = end
    } else if (c === '[' || c === '{') {
      if (++depth > DATA_DEPTH_MAX) return i
    } else if ((c === ']' || c === '}') && depth > 0) depth--
  }
  return undefined
}

/**
 * The first line whose block nesting passes `DATA_DEPTH_MAX`: open indentation levels, plus the
 * compact `- ` and `? ` indicators that open a collection on the same line.
 */
function blockTooDeep(text: string): number | undefined {
  const indents: number[] = []
  let offset = 0
  for (const line of text.split('\n')) {
    const m = /^( *)((?:[-?][ \t]+)*)(\S?)/.exec(line)!
    if (m[3] !== '' && m[3] !== '#') {
      const indent = m[1]!.length
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop()
      indents.push(indent)
      const compact = m[2]!.replace(/[ \t]/g, '').length
      if (indents.length + compact > DATA_DEPTH_MAX) return offset + indent
    }
    offset += line.length + 1
  }
  return undefined
}

function cstTooDeep(text: string): number | undefined {
  const stack: Array<[CST.Token | undefined, number]> = []
  for (const token of new Parser().parse(text)) stack.push([token, 0])
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!
    if (token === undefined) continue
    switch (token.type) {
      case 'document':
        stack.push([token.value, depth])
        break
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth + 1 > DATA_DEPTH_MAX) return token.offset
        for (const item of token.items) {
          if ('key' in item) stack.push([item.key ?? undefined, depth + 1])
          stack.push([item.value, depth + 1])
        }
        break
      default:
        break
    }
  }
  return undefined
}

/**
 * The node of a parsed document at which, with aliases expanded, nesting passes `DATA_DEPTH_MAX`
 * (an alias to a deep anchor inside a deep collection), or that holds itself through an alias.
 * Walks iteratively, each node once.
 */
export function tooDeepAliasNode(doc: Document): Node | undefined {
  const height = new Map<Node, number>()
  const open = new Set<Node>()
  const root = doc.contents
  if (!isMap(root) && !isSeq(root)) return undefined
  const stack: Array<{ node: Node; children?: Node[] }> = [{ node: root }]
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    if (top.children === undefined) {
      open.add(top.node)
      top.children = childrenOf(doc, top.node)
      for (const c of top.children) {
        if (open.has(c)) return c
        if (!height.has(c)) stack.push({ node: c })
      }
      continue
    }
    stack.pop()
    open.delete(top.node)
    const own = isMap(top.node) || isSeq(top.node) ? 1 : 0
    const h = own + Math.max(0, ...top.children.map((c) => height.get(c) ?? 0))
    if (h > DATA_DEPTH_MAX) return top.node
    height.set(top.node, h)
  }
  return undefined
}

/** The child nodes of a collection, with an alias standing for the node it names. */
function childrenOf(doc: Document, node: Node): Node[] {
  if (isAlias(node)) {
    const target = node.resolve(doc)
    return target ? [target] : []
  }
  if (isSeq(node)) return node.items.filter((n): n is Node => n !== null && typeof n === 'object' && 'range' in n)
  if (isMap(node)) {
    const out: Node[] = []
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      for (const part of [pair.key, pair.value])
        if (part !== null && typeof part === 'object' && 'range' in (part as object)) out.push(part as Node)
    }
    return out
  }
  return []
}
