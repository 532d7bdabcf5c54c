/** Attribute values as written; `undefined` leaves the attribute out. */
export type Attributes = Record<string, string | number | undefined>

/** Escapes text for an attribute value or element content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;')
}

/**
 * One element on one line: `<name a='1'>children</name>`, or `<name a='1'/>` without children.
 * Children are already-formatted element strings or escaped text; empty strings are skipped.
 */
export function el(name: string, attributes: Attributes = {}, ...allChildren: string[]): string {
  const children = allChildren.filter((c) => c !== '')
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}='${escapeXml(String(v))}'`)
    .join('')
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`
}

/** `0x1f`: how libvirt writes PCI numbers. */
export function hex(n: number, width = 2): string {
  return `0x${n.toString(16).padStart(width, '0')}`
}
