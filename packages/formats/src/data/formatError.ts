/** Why a YAML/JSON document could not be read. */
export type FormatErrorCode =
  /** not well-formed YAML or JSON */
  | 'syntax'
  /** well-formed, but a value has the wrong type, is out of range, or a key is unknown */
  | 'invalid-value'
  /** longer than the size limit (10 MiB by default, as virsh) */
  | 'too-large'

/**
 * A reason a YAML/JSON domain or policy file was rejected, with its place in the text when known.
 * @public
 */
export interface FormatError {
  code: FormatErrorCode
  /** names the value at fault: `devices[3] (interface): address "0000:00:20.0": slot must be <= 0x1f` */
  message: string
  /** the value's path in the document, e.g. `["devices", 3, "address"]` */
  path?: ReadonlyArray<string | number>
  /** 1-based line */
  line?: number
  /** 1-based column */
  column?: number
}

/**
 * `line 4, column 7: <message>` (the place is left out when unknown).
 * @public
 */
export function formatFormatError(e: FormatError): string {
  if (e.line === undefined) return e.message
  return `line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}: ${e.message}`
}
