import { describe, expect, it } from 'vitest'

import { parseJsonBody } from './jsonBody.ts'

describe('parseJsonBody', () => {
  it('parses JSON', () => {
    expect(parseJsonBody('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } })
  })

  it('places a syntax error at its line and column', () => {
    const r = parseJsonBody('{\n  "a": 1,\n  oops\n}')
    expect(r.ok ? undefined : r.error[0]).toMatchObject({ code: 'syntax', line: 3, column: 3 })
  })

  it('places a text cut short at its end', () => {
    const r = parseJsonBody('{\n  "a": ')
    expect(r.ok ? undefined : r.error[0]).toMatchObject({ code: 'syntax', line: 2, column: 8 })
  })
})
