/** Why a document could not be read. */
export type XmlErrorCode =
  /** not well-formed XML */
  | 'xml-syntax'
  /** a DOCTYPE/DTD, an entity declaration or an external reference: never processed */
  | 'unsafe-xml'
  /** well-formed, but the root element is not `<domain>` */
  | 'not-a-domain'
  /** well-formed, but the root element is not a device element (`parseDeviceXml`) */
  | 'not-a-device'
  /** a value libvirt would refuse while parsing (an address attribute out of range, a non-number…) */
  | 'invalid-value'
  /** elements nested deeper than libvirt (libxml2) accepts: 256 levels */
  | 'too-deep'
  /** the document is larger than the parse's `maxBytes` (10 MiB by default, virsh's limit) */
  | 'too-large'
  /** not UTF-8: invalid UTF-8 bytes, or an XML declaration naming another encoding */
  | 'bad-encoding'

/**
 * A reason a domain XML was rejected, with its place in the text when known.
 * @public
 */
export interface XmlError {
  code: XmlErrorCode
  message: string
  /** 1-based line */
  line?: number
  /** 1-based column */
  column?: number
  /** 0-based offset in the raw bytes, for `bad-encoding` errors of `decodeUtf8` */
  byteOffset?: number
}

export function xmlError(code: XmlErrorCode, message: string, line?: number, column?: number): XmlError {
  const e: XmlError = { code, message }
  if (line !== undefined) e.line = line
  if (column !== undefined) e.column = column
  return e
}
