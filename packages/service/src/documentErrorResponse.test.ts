import { describe, expect, it } from 'vitest'

import { documentErrorResponse } from './documentErrorResponse.ts'

const errorsOf = (body: string) => (JSON.parse(body) as { errors: Array<Record<string, unknown>> }).errors

describe('documentErrorResponse', () => {
  it('400s reading and options errors, 422s engine rejections with every AddrError field', () => {
    expect(documentErrorResponse({ kind: 'xml', error: { code: 'xml-syntax', message: 'bad', line: 2, column: 3 } })).toMatchObject({
      status: 400,
    })
    const nova = documentErrorResponse({ kind: 'options', error: { code: 'unknown-policy', source: 'document', name: 'nova', version: 7 } })
    expect(nova.status).toBe(400)
    expect(errorsOf(nova.body)).toEqual([
      {
        code: 'unknown-policy',
        message: 'the document records policy nova@7, which devaddr does not ship; name one with ?policy=NAME[@VERSION]',
      },
    ])
    const addr = {
      code: 'reserved-slot' as const,
      message: 'reserved',
      device: 'interface #1 (e1000)',
      deviceId: 'interface0',
      address: '0000:00:01.0',
      libvirtFunction: 'virDomainPCIAddressReserveAddr',
    }
    const rejected = documentErrorResponse({ kind: 'addr', errors: [addr] })
    expect(rejected.status).toBe(422)
    expect(errorsOf(rejected.body)).toEqual([addr])
  })

  it('500s a bug without its text, which goes to the log instead', () => {
    const r = documentErrorResponse({ kind: 'internal', message: 'x is undefined' })
    expect(r.status).toBe(500)
    expect(r.body).not.toContain('x is undefined')
    expect(errorsOf(r.body)[0]).toMatchObject({ code: 'internal' })
    expect(r.internalError).toBe('internal error in devaddr: x is undefined')
  })
})
