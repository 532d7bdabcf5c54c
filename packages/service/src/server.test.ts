import { readFileSync } from 'node:fs'
import { connect } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'

import { buildServer, OPENAPI_PATH, type RunningServer, startServer } from './server.ts'
import { NIC_XML, Q35_XML } from './testing/fixtures.ts'

// A real server on an ephemeral loopback port, real requests with fetch; each request is
// bounded by a timeout, and the server is stopped after the last test.
let server: RunningServer
const BODY_LIMIT = 64 * 1024

beforeAll(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 }, { bodyLimit: BODY_LIMIT })
})
afterAll(async () => {
  await server?.close()
})

const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
// note: response bodies are checked field by field, so they are read untyped
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read untyped on purpose (see above)
const json = (r: Response): Promise<any> => r.json()
const post = (path: string, contentType: string, body: string) =>
  call(path, { method: 'POST', headers: { 'content-type': contentType }, body })

describe('service over HTTP', () => {
  it('listens on loopback, on the port the OS gave', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.port).toBeGreaterThan(0)
  })

  it('GET /healthz', async () => {
    const r = await call('/healthz')
    expect(r.status).toBe(200)
    expect(await json(r)).toEqual({ status: 'ok' })
  })

  it('POST /v1/expand: XML in, XML out, byte-identical twice', async () => {
    const a = await post('/v1/expand?policy=kubevirt', 'application/xml', Q35_XML)
    const b = await post('/v1/expand?policy=kubevirt', 'application/xml', Q35_XML)
    expect(a.status).toBe(200)
    expect(a.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const text = await a.text()
    expect(text).toContain("model='pcie-root-port'")
    expect(text).toContain("name='kubevirt' version='1'")
    expect(await b.text()).toBe(text)
  })

  it("POST /v1/expand?anyMachineVersion=1: a RHEL host's machine type, which is otherwise refused", async () => {
    const rhel = Q35_XML.replace(/machine='[^']*'/, "machine='pc-q35-rhel9.4.0'")
    expect(rhel).not.toBe(Q35_XML)
    expect((await post('/v1/expand', 'application/xml', rhel)).status).toBe(422)
    const read = await post('/v1/expand?anyMachineVersion=1', 'application/xml', rhel)
    expect(read.status).toBe(200)
    expect(await read.text()).toContain("machine='pc-q35-rhel9.4.0'")
  })

  it('POST /v1/expand: 422, 400, 415, 413', async () => {
    const rejected = await post(
      '/v1/expand',
      'application/yaml',
      'arch: x86_64\nmachine: pc\ndevices:\n  - kind: interface\n    model: e1000\n    address: "0000:00:01.0"\n',
    )
    expect(rejected.status).toBe(422)
    expect((await json(rejected)).errors[0]).toMatchObject({ code: 'reserved-slot', address: '0000:00:01.0' })

    const malformed = await post('/v1/expand', 'application/xml', '<domain>\n<devices>\n</domain>')
    expect(malformed.status).toBe(400)
    expect((await json(malformed)).errors[0]).toMatchObject({ code: 'xml-syntax', line: 3 })

    const plain = await post('/v1/expand', 'text/plain', 'x')
    expect(plain.status).toBe(415)
    expect((await json(plain)).errors[0].code).toBe('unsupported-media-type')

    const huge = await post('/v1/expand', 'application/xml', `<domain>${' '.repeat(BODY_LIMIT)}</domain>`)
    expect(huge.status).toBe(413)
    expect((await json(huge)).errors[0]).toMatchObject({
      code: 'body-too-large',
      message: `the request body is larger than ${BODY_LIMIT} bytes`,
    })
  })

  it('POST /v1/explain', async () => {
    const r = await post('/v1/explain', 'application/xml', Q35_XML)
    expect(r.status).toBe(200)
    expect(Object.keys(await json(r))).toEqual(['policy', 'explanations', 'warnings', 'guest'])
  })

  it('POST /v1/hotplug, then 409 when the policy leaves no slot', async () => {
    const body = JSON.stringify({ domain: Q35_XML, device: NIC_XML })
    const placed = await post('/v1/hotplug', 'application/json', body)
    expect(placed.status).toBe(200)
    expect((await json(placed)).address).toMatch(/^0000:[0-9a-f]{2}:00\.0$/)
    const full = await post('/v1/hotplug?policy=kubevirt-root-complex', 'application/json', body)
    expect(full.status).toBe(409)
    expect((await json(full)).errors[0].code).toBe('no-free-slot')
  })

  it('GET /v1/policies', async () => {
    const r = await call('/v1/policies')
    expect((await json(r)).policies.map((p: { id: string }) => p.id)).toContain('hotplug-friendly@1')
  })

  it('GET /v1/openapi.yaml serves the checked-in file', async () => {
    const r = await call('/v1/openapi.yaml')
    expect(r.headers.get('content-type')).toBe('application/yaml; charset=utf-8')
    expect(await r.text()).toBe(readFileSync(OPENAPI_PATH, 'utf8'))
  })

  it('404s unknown routes and wrong methods in the error shape', async () => {
    for (const r of [await call('/v2/expand'), await call('/v1/expand')]) {
      expect(r.status).toBe(404)
      expect((await json(r)).errors[0].code).toBe('not-found')
    }
  })
})

describe('service under hostile use', () => {
  /** Sends raw bytes on a fresh connection and returns all the server answers. */
  const raw = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end(bytes))
      let answer = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => (answer += chunk))
      socket.on('end', () => resolve(answer))
      socket.on('error', reject)
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')))
    })

  it('refuses a Host it does not know (DNS rebinding) with 403 host-not-allowed', async () => {
    const answer = await raw('GET /healthz HTTP/1.1\r\nHost: rebind.attacker.example:8080\r\nConnection: close\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 403 /)
    expect(answer).toContain('"code": "host-not-allowed"')
  })

  it('answers headers that are too large with 431 in the service error shape', async () => {
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(answer).toContain('"code": "headers-too-large"')
  })

  it('refuses a body that is not proper UTF-8 with 400 bad-encoding, naming the byte', async () => {
    const body = new Uint8Array([
      ...new TextEncoder().encode('<domain><name>'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('</name></domain>'),
    ])
    const r = await call('/v1/expand', { method: 'POST', headers: { 'content-type': 'application/xml' }, body })
    expect(r.status).toBe(400)
    expect((await json(r)).errors[0]).toMatchObject({ code: 'bad-encoding', byteOffset: 14 })
  })

  it('answers bytes that are not HTTP with 400 bad-http', async () => {
    const answer = await raw('\x00\x01 not http\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    expect(answer).toContain('"code": "bad-http"')
  })

  it('answers /healthz while the workers expand large domains', async () => {
    const big = Q35_XML.replace(
      '</devices>',
      `${"<interface type='network'><source network='default'/><model type='virtio'/></interface>\n".repeat(150)}</devices>`,
    )
    let lastSlow = 0
    const slow = Array.from({ length: 6 }, () =>
      post('/v1/expand', 'application/xml', big).then((r) => ((lastSlow = performance.now()), r.status)),
    )
    const health = await call('/healthz')
    const healthAt = performance.now()
    expect(health.status).toBe(200)
    expect(await Promise.all(slow)).toEqual([200, 200, 200, 200, 200, 200])
    expect(healthAt).toBeLessThan(lastSlow)
  })
})

describe('openapi.yaml', () => {
  const doc = parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
    openapi: string
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
  }

  it('is OpenAPI 3.1 and documents exactly the routes the server has', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    const app = buildServer()
    await app.ready()
    for (const route of documented) {
      const [method, url] = route.split(' ') as ['GET' | 'POST', string]
      expect(app.hasRoute({ method, url }), route).toBe(true)
    }
    const served = [
      'POST /v1/expand',
      'POST /v1/explain',
      'POST /v1/hotplug',
      'POST /v1/drift',
      'GET /v1/policies',
      'GET /v1/openapi.yaml',
      'GET /healthz',
    ]
    expect(documented.sort()).toEqual(served.sort())
    await app.close()
  })

  it('resolves every $ref', () => {
    const text = readFileSync(OPENAPI_PATH, 'utf8')
    const full = parse(text) as Record<string, unknown>
    for (const [, ref] of text.matchAll(/\$ref: '#\/([^']+)'/g)) {
      const target = ref!.split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], full)
      expect(target, ref).toBeDefined()
    }
  })

  it('lists the statuses each POST endpoint answers', () => {
    expect(Object.keys(doc.paths['/v1/expand']!.post!.responses).sort()).toEqual(['200', '400', '403', '413', '415', '422', '503'])
    expect(Object.keys(doc.paths['/v1/hotplug']!.post!.responses).sort()).toEqual(['200', '400', '403', '409', '413', '415', '422', '503'])
  })
})
