import { describe, expect, it } from 'vitest'

import { isAllowedHost } from './hostCheck.ts'

describe('isAllowedHost', () => {
  it.each(['127.0.0.1:8080', '127.0.0.1', 'localhost:8080', 'LOCALHOST', '[::1]:8080', '10.1.2.3:80', '[fe80::1]'])(
    'accepts %s',
    (host) => {
      expect(isAllowedHost(host, [])).toBe(true)
    },
  )

  it('refuses a name it was not told about: a DNS-rebinding page sends its own', () => {
    expect(isAllowedHost('attacker.example:8080', [])).toBe(false)
    expect(isAllowedHost('localhost.attacker.example', [])).toBe(false)
    expect(isAllowedHost('127.0.0.1.nip.io:8080', [])).toBe(false)
  })

  it('accepts the names the operator allows, whatever their case', () => {
    expect(isAllowedHost('DevAddr.internal:8080', ['devaddr.internal'])).toBe(true)
    expect(isAllowedHost('other.internal:8080', ['devaddr.internal'])).toBe(false)
  })

  it('refuses a request without a Host', () => {
    expect(isAllowedHost(undefined, [])).toBe(false)
    expect(isAllowedHost('', [])).toBe(false)
  })
})
