/** The syntaxes a domain can be sent in. */
export type Syntax = 'xml' | 'json' | 'yaml'

/** Accepted request media types (parameters such as `charset` aside). */
export const REQUEST_MEDIA_TYPES: Readonly<Record<string, Syntax>> = {
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
}

/** The media type of a response in each syntax. */
export const RESPONSE_MEDIA_TYPES: Readonly<Record<Syntax, string>> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
}

/**
 * The syntax a `Content-Type` header announces, or undefined when it is missing or not one of
 * `REQUEST_MEDIA_TYPES`. Bodies are read as UTF-8, so a `charset` other than utf-8 is refused too.
 *
 * @example syntaxOf('application/xml; charset=UTF-8') // 'xml'
 */
export function syntaxOf(contentType: string | undefined): Syntax | undefined {
  if (contentType === undefined) return undefined
  const [type = '', ...params] = contentType.split(';').map((s) => s.trim().toLowerCase())
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '')
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return undefined
  return Object.hasOwn(REQUEST_MEDIA_TYPES, type) ? REQUEST_MEDIA_TYPES[type] : undefined
}
