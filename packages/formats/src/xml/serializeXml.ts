import { exhaustive } from '../result.ts'
import type { XmlDocument, XmlElement, XmlNode } from './tree.ts'

/**
 * Writes a tree back as text. A tree from `parseXml` that was not edited comes out
 * byte-for-byte as it went in.
 *
 * @param content an element whose content is given as text, written between its tags in place
 *   of its children (a writer that has the content as text already need not build its nodes)
 * @public
 */
export function serializeXml(doc: XmlDocument, content?: ElementContent): string {
  return write(doc.children, doc.bom ? '\uFEFF' : '', content)
}

/** The content of one element, as text. */
export interface ElementContent {
  of: XmlElement
  text: string
}

/** An element's start tag as written, up to its `>` or `/>`: `<name`, the attributes, the space before the end. */
export function startTagText(el: XmlElement): string {
  let out = '<' + el.name
  for (const a of el.attributes) out += a.lead + a.name + a.eq + a.quote + a.raw + a.quote
  return out + el.tagEnd
}

/** Writes one node (and its subtree). */
export function serializeNode(node: XmlNode): string {
  return appendNode('', node)
}

/**
 * `out` followed by one node's text (and its subtree's): `out + serializeNode(node)` without
 * the node's text as a string of its own.
 * note: most children of a device element are leaves (`<source/>`, `<target/>`, text): written
 * with no walk to set up, as a writer appending a device's children one by one needs them
 */
export function appendNode(out: string, node: XmlNode): string {
  if (node.kind !== 'element') return out + node.raw
  if (node.children.length === 0) return out + startTagText(node) + (node.selfClosing ? '/>' : '>' + node.closeTag)
  return write([node], out)
}

/**
 * Writes `nodes` and their subtrees after `out`, depth first with an explicit stack: a tree
 * of any depth is written without recursion.
 */
function write(nodes: readonly XmlNode[], out: string, content?: ElementContent): string {
  // note: the elements whose children are being written, and for each the index of the next
  // child of its parent to write once it is closed
  const parents: XmlElement[] = []
  const resume: number[] = []
  let list = nodes
  let i = 0
  for (;;) {
    const node = list[i++]
    if (node === undefined) {
      const parent = parents.pop()
      if (parent === undefined) return out
      out += parent.closeTag
      i = resume.pop() ?? 0
      list = parents[parents.length - 1]?.children ?? nodes
      continue
    }
    switch (node.kind) {
      case 'element': {
        out += startTagText(node)
        if (node === content?.of) {
          out += '>' + content.text + node.closeTag
          break
        }
        if (node.selfClosing && node.children.length === 0) {
          out += '/>'
          break
        }
        out += '>'
        parents.push(node)
        resume.push(i)
        list = node.children
        i = 0
        break
      }
      case 'text':
      case 'comment':
      case 'cdata':
      case 'pi':
      case 'declaration':
        out += node.raw
        break
      default:
        exhaustive(node)
    }
  }
}
