import { describe, expect, it } from 'vitest'

import { handleDrift } from './drift.ts'

const Q35 =
  "<domain type='kvm'><name>d</name><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><input type='tablet' bus='usb'/></devices></domain>"
const drift = (query: Record<string, unknown>, body = Q35) => handleDrift({ contentType: 'application/xml', body, query })

describe('POST /v1/drift', () => {
  it('lists the changes between two releases with their causes', () => {
    const r = drift({ from: '9.0', to: '9.9' })
    expect(r.status).toBe(200)
    const report = JSON.parse(r.body)
    expect(report).toMatchObject({ from: '9.0', to: '9.9' })
    expect(report.changes).toContainEqual(
      expect.objectContaining({ deviceId: 'watchdog-itco', change: 'added', causes: expect.arrayContaining(['implicitItcoWatchdog']) }),
    )
  })

  it('answers an empty list when the releases agree', () => {
    expect(JSON.parse(drift({ from: '9.9', to: '9.9' }).body)).toEqual({ from: '9.9', to: '9.9', changes: [] })
  })

  it('refuses an unknown release or parameter with 400, a broken body with 400', () => {
    expect(JSON.parse(drift({ from: '7.0' }).body).errors[0].code).toBe('invalid-parameter')
    expect(drift({ bogus: '1' }).status).toBe(400)
    expect(JSON.parse(drift({}, '<domain>').body).errors[0].code).toBe('xml-syntax')
  })
})
