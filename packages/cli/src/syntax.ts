import { DOCUMENT_SYNTAXES, type DocumentSyntax, syntaxOfPath } from '@devaddr/formats'

/** The syntax of a domain file, from its extension: `.yaml`/`.yml`, `.json`, anything else XML. */
export type Syntax = DocumentSyntax

export const SYNTAXES: readonly Syntax[] = DOCUMENT_SYNTAXES

export const EXTENSIONS: Record<Syntax, string> = { xml: '.xml', yaml: '.yaml', json: '.json' }

/** The one rule of `@devaddr/formats`: `syntaxOfPath`. */
export const syntaxOf: (file: string) => Syntax = syntaxOfPath
