import { type DeviceDocument, parseDeviceXml, parseDomainJson, runDocument, toJson, writeDeviceXml } from '@devaddr/formats'
import { type Device, type DomainInput, formatPciAddress, hotplugDevice, type Result } from 'devaddr'

import { documentErrorResponse } from '../documentErrorResponse.ts'
import { type DomainRequest, unsupportedMediaType } from '../domainRequest.ts'
import { parseJsonBody } from '../jsonBody.ts'
import { engineOptions, formatApiError, loadDomain, type LoadedDomain, xmlApiError } from '../loadDomain.ts'
import { syntaxOf } from '../mediaType.ts'
import { readQuery } from '../requestOptions.ts'
import { type ApiError, errorResponse, jsonResponse, type ServiceResponse } from '../response.ts'

/** The device to hotplug as read: from device XML (kept to write the address back in) or from data. */
type LoadedDevice = { kind: 'xml'; doc: DeviceDocument; device: Device } | { kind: 'data'; device: Device }

/**
 * `POST /v1/hotplug`: the address a device gets when it is hotplugged into a running guest.
 *
 * Body (JSON): `{ "domain": D, "device": V }`. `D` is a domain XML string, a YAML/JSON string in
 * devaddr's input format, or that format as a JSON object. `V` is one device element as XML
 * (what `virsh attach-device` takes) or one entry of the data format's `devices` list. The domain
 * is first re-read as a stored configuration (`newDomain: false`), which leaves an expanded
 * domain unchanged and completes one that is not. `?policy=` picks the policy, else the domain's own.
 *
 * @returns 200 `{ address, device }` (`device` is the XML with its `<address>` filled in, or the
 *   data-format device); 409 when no hotpluggable slot is free; 400, 415 or 422 otherwise
 */
export function handleHotplug(req: DomainRequest): ServiceResponse {
  if (syntaxOf(req.contentType) !== 'json') return unsupportedMediaType(req.contentType, ['application/json'])
  const query = readQuery(req.query, ['policy', 'libvirtVersion', 'qemu'])
  if (!query.ok) return errorResponse(400, query.error)
  const body = parseJsonBody(req.body)
  if (!body.ok) return errorResponse(400, body.error)
  const fields = readBody(body.value)
  if (!fields.ok) return errorResponse(400, fields.error)
  const domain = readDomainField(fields.value.domain)
  if (!domain.ok) return errorResponse(400, domain.error)
  const device = readDeviceField(fields.value.device)
  if (!device.ok) return errorResponse(400, device.error)
  const options = engineOptions(domain.value, query.value)
  if (!options.ok) return errorResponse(400, options.error)

  const running = runDocument(domain.value, { ...options.value, newDomain: false })
  if (!running.ok) return documentErrorResponse(running.error)
  const guest: DomainInput = { ...domain.value.input, devices: running.value.devices }
  const placed = hotplugDevice(guest, device.value.device, {
    policy: options.value.policy,
    libvirtVersion: options.value.libvirtVersion,
    ...(options.value.qemu !== undefined ? { qemu: options.value.qemu } : {}),
  })
  if (!placed.ok) {
    const status = placed.error.some((e) => e.code === 'no-free-slot') ? 409 : 422
    return errorResponse(
      status,
      placed.error.map((e) => ({ ...e })),
    )
  }
  const result = placed.value.device
  const address = result.address?.type === 'pci' ? formatPciAddress(result.address) : undefined
  return jsonResponse(200, {
    address: address ?? null,
    device: device.value.kind === 'xml' ? writeDeviceXml(device.value.doc, result) : deviceData(domain.value.input, result),
  })
}

function readBody(value: unknown): Result<{ domain: unknown; device: unknown }, ApiError[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: [{ code: 'invalid-value', message: 'the body must be a JSON object { "domain": ..., "device": ... }' }] }
  }
  const o = value as Record<string, unknown>
  const errors: ApiError[] = []
  for (const key of Object.keys(o)) {
    if (key !== 'domain' && key !== 'device')
      errors.push({ code: 'invalid-value', message: `unknown key "${key}"; the body takes domain and device`, path: [key] })
  }
  for (const key of ['domain', 'device'] as const) {
    if (o[key] === undefined) errors.push({ code: 'invalid-value', message: `${key} is missing`, path: [key] })
  }
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: { domain: o.domain, device: o.device } }
}

/** A string is XML when it starts with `<`, else YAML (of which JSON is a subset); an object is the data format. */
function readDomainField(value: unknown): Result<LoadedDomain, ApiError[]> {
  if (typeof value === 'string') {
    const r = loadDomain(value, value.trimStart().startsWith('<') ? 'xml' : 'yaml')
    return r.ok ? r : { ok: false, error: r.error.map((e) => within('domain', e, true)) }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const r = loadDomain(JSON.stringify(value), 'json')
    return r.ok ? r : { ok: false, error: r.error.map((e) => within('domain', e, false)) }
  }
  return {
    ok: false,
    error: [{ code: 'invalid-value', message: 'domain must be a string (XML, YAML or JSON) or an object', path: ['domain'] }],
  }
}

function readDeviceField(value: unknown): Result<LoadedDevice, ApiError[]> {
  if (typeof value === 'string') {
    const r = parseDeviceXml(value)
    return r.ok
      ? { ok: true, value: { kind: 'xml', doc: r.value, device: r.value.device } }
      : { ok: false, error: [within('device', xmlApiError(r.error), true)] }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    // note: the data format reads devices only inside a domain; a placeholder domain around
    // the one entry reuses its reader and its messages
    const r = parseDomainJson(JSON.stringify({ arch: 'x86_64', machine: 'q35', devices: [value] }))
    const device = r.ok ? r.value.input.devices[0] : undefined
    if (!r.ok || device === undefined) {
      const e = r.ok ? { code: 'invalid-value', message: 'device is empty' } : formatApiError(r.error)
      const path = e.path?.[0] === 'devices' ? e.path.slice(2) : []
      return { ok: false, error: [{ code: e.code, message: e.message.replace(/^devices\[0\]/, 'device'), path: ['device', ...path] }] }
    }
    const id = typeof (value as { id?: unknown }).id === 'string' ? device.id : `${device.kind}-new`
    return { ok: true, value: { kind: 'data', device: { ...device, id } } }
  }
  return { ok: false, error: [{ code: 'invalid-value', message: 'device must be a device XML string or an object', path: ['device'] }] }
}

/**
 * An error about a document sent inside the body's `field`: its path starts with the field. A
 * line and column are kept when they count in the field's own text, dropped when the text was
 * made here from an object.
 */
function within(field: string, e: ApiError, keepPlace: boolean): ApiError {
  const out: ApiError = { code: e.code, message: `${field}: ${e.message}`, path: [field, ...(e.path ?? [])] }
  if (keepPlace && e.line !== undefined) out.line = e.line
  if (keepPlace && e.column !== undefined) out.column = e.column
  return out
}

/** A hotplugged device as one entry of the data format's `devices`. */
function deviceData(input: DomainInput, device: Device): unknown {
  const written = JSON.parse(toJson({ arch: input.arch, machine: input.machine, devices: [device] })) as { devices: unknown[] }
  return written.devices[0]
}
