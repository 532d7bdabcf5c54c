/**
 * The syntaxes a domain document comes in: libvirt domain XML, or devaddr's own data format
 * in YAML or JSON.
 * @public
 */
export type DocumentSyntax = 'xml' | 'yaml' | 'json'

/** Every `DocumentSyntax`, in the order front ends list them. @public */
export const DOCUMENT_SYNTAXES: readonly DocumentSyntax[] = ['xml', 'yaml', 'json']

/**
 * The syntax of a file from its name: `.yaml`/`.yml` is YAML, `.json` JSON, anything else XML
 * (libvirt's own files have no fixed extension).
 *
 * @example syntaxOfPath('vm.YML') // 'yaml'
 * @public
 */
export function syntaxOfPath(name: string): DocumentSyntax {
  // note: no node:path here; the package runs in the browser too. A dot in a folder name does
  // not count: only the last path segment has an extension.
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
  const dot = base.lastIndexOf('.')
  const extension = dot <= 0 ? '' : base.slice(dot).toLowerCase()
  switch (extension) {
    case '.yaml':
    case '.yml':
      return 'yaml'
    case '.json':
      return 'json'
    default:
      return 'xml'
  }
}
