/**
 * What a handler returns: a status, a media type and the body text. Handlers are pure
 * (request data in, response data out); `server.ts` only copies this onto the HTTP reply.
 */
export interface ServiceResponse {
  status: number
  contentType: string
  body: string
  /** a bug behind a 500, for the server log; never sent to the client */
  internalError?: string
  /** extra response headers (`retry-after` on a 503) */
  headers?: Record<string, string>
}

/**
 * One entry of an error body `{ errors: [...] }`. Engine rejections carry the engine's
 * `AddrError` fields (`code`, `device`, `address`, `message`); malformed input carries the
 * place in the text (`line`, `column`, and for YAML/JSON the value's `path`).
 */
export interface ApiError {
  code: string
  message: string
  /** label of the device at fault, e.g. `interface #2 (e1000)` */
  device?: string
  /** the stable id of the device at fault (`interface2`), for programs: the engine's `AddrError.deviceId` */
  deviceId?: string
  /** the address in libvirt's textual form, e.g. `0000:00:01.0` */
  address?: string
  /** the libvirt function whose rule an engine rejection mirrors: the engine's `AddrError.libvirtFunction` */
  libvirtFunction?: string
  /** 1-based line in the document the error is about */
  line?: number
  /** 1-based column */
  column?: number
  /** offset of the first bad byte in the body (`bad-encoding`) */
  byteOffset?: number
  /** where the value sits in a YAML/JSON document (or in the request body, for `/v1/hotplug`) */
  path?: Array<string | number>
}

export const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * A JSON response. Two-space indent and a final newline; keys come in insertion order, so the
 * same value always gives the same bytes.
 */
export function jsonResponse(status: number, value: unknown): ServiceResponse {
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(value, null, 2)}\n` }
}

/** An error response: `{ "errors": [...] }`. */
export function errorResponse(status: number, errors: readonly ApiError[]): ServiceResponse {
  return jsonResponse(status, { errors })
}

/** A text response (expanded XML or YAML) in the given media type. */
export function textResponse(status: number, contentType: string, body: string): ServiceResponse {
  return { status, contentType, body }
}
