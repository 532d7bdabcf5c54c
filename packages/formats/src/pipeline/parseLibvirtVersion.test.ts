import { describe, expect, it } from 'vitest'

import { parseLibvirtVersion } from './parseLibvirtVersion.ts'

describe('parseLibvirtVersion', () => {
  it('takes the releases devaddr imitates and refuses others', () => {
    expect(parseLibvirtVersion('9.0')).toEqual({ ok: true, value: '9.0' })
    expect(parseLibvirtVersion('9.9')).toEqual({ ok: true, value: '9.9' })
    expect(parseLibvirtVersion('8.0')).toEqual({ ok: false, error: { code: 'unknown-libvirt-version', text: '8.0' } })
  })
})
