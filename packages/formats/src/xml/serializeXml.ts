import { exhaustive } from '../result.ts'
import type { XmlDocument, XmlNode } from './tree.ts'

/**
 * Writes a tree back as text. A tree from `parseXml` that was not edited comes out
 * byte-for-byte as it went in.
 */
export function serializeXml(doc: XmlDocument): string {
  const out: string[] = doc.bom ? ['\uFEFF'] : []
  for (const node of doc.children) write(node, out)
  return out.join('')
}

/** Writes one node (and its subtree). */
export function serializeNode(node: XmlNode): string {
  const out: string[] = []
  write(node, out)
  return out.join('')
}

function write(node: XmlNode, out: string[]): void {
  switch (node.kind) {
    case 'element': {
      out.push('<', node.name)
      for (const a of node.attributes) out.push(a.lead, a.name, a.eq, a.quote, a.raw, a.quote)
      out.push(node.tagEnd)
      if (node.selfClosing && node.children.length === 0) {
        out.push('/>')
        return
      }
      out.push('>')
      for (const c of node.children) write(c, out)
      out.push(node.closeTag)
      return
    }
    case 'text':
    case 'comment':
    case 'cdata':
    case 'pi':
    case 'declaration':
      out.push(node.raw)
      return
    default:
      exhaustive(node)
  }
}
