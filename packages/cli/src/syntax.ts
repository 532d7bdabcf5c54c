import { extname } from 'node:path'

/** The syntax of a domain file, from its extension: `.yaml`/`.yml`, `.json`, anything else XML. */
export type Syntax = 'xml' | 'yaml' | 'json'

export const SYNTAXES: readonly Syntax[] = ['xml', 'yaml', 'json']

export const EXTENSIONS: Record<Syntax, string> = { xml: '.xml', yaml: '.yaml', json: '.json' }

export function syntaxOf(file: string): Syntax {
  switch (extname(file).toLowerCase()) {
    case '.yaml':
    case '.yml':
      return 'yaml'
    case '.json':
      return 'json'
    default:
      return 'xml'
  }
}
