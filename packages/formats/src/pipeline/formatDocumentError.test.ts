import { describe, expect, it } from 'vitest'

import { documentErrorCodes } from './documentError.ts'
import { formatDocumentError, formatOptionsError } from './formatDocumentError.ts'

const wording = {
  choosePolicy: 'name one with ?policy=NAME[@VERSION]',
  policyList: 'see GET /v1/policies',
  libvirtVersionOption: 'libvirtVersion',
}

describe('formatDocumentError', () => {
  it('formats reading errors with their place', () => {
    expect(formatDocumentError({ kind: 'xml', error: { code: 'xml-syntax', message: 'unexpected close tag.', line: 3, column: 2 } })).toBe(
      'line 3, column 2: unexpected close tag.',
    )
    expect(formatDocumentError({ kind: 'data', error: { code: 'invalid-value', message: 'arch is missing', path: [] } })).toBe(
      'arch is missing',
    )
  })

  it('formats engine errors with formatAddrError, one per line, and internal errors as such', () => {
    const errors = [
      {
        code: 'reserved-slot' as const,
        device: 'interface #2 (e1000)',
        deviceId: 'interface1',
        address: '0000:00:01.0',
        message: 'reserved',
      },
      { code: 'no-free-slot' as const, message: 'no free PCI slot' },
    ]
    expect(formatDocumentError({ kind: 'addr', errors })).toBe('interface #2 (e1000) at 0000:00:01.0: reserved\nno free PCI slot')
    expect(documentErrorCodes({ kind: 'addr', errors })).toEqual(['reserved-slot', 'no-free-slot'])
    expect(formatDocumentError({ kind: 'internal', message: 'boom' })).toBe('internal error in devaddr: boom')
  })

  it("names the unknown policy and the front end's way to choose one", () => {
    const e = {
      kind: 'options' as const,
      error: { code: 'unknown-policy' as const, source: 'document' as const, name: 'nova', version: 7 },
    }
    expect(formatDocumentError(e, wording)).toBe(
      'the document records policy nova@7, which devaddr does not ship; name one with ?policy=NAME[@VERSION]',
    )
    expect(documentErrorCodes(e)).toEqual(['unknown-policy'])
    expect(formatOptionsError({ code: 'unknown-policy', source: 'override', text: 'nope' }, wording)).toMatch(
      /^no built-in policy "nope"; known: libvirt@1, kubevirt@1, .* \(see GET \/v1\/policies\)$/,
    )
    expect(
      formatOptionsError({ code: 'unknown-libvirt-version', text: '8.0' }, { ...wording, libvirtVersionOption: '--libvirt-version' }),
    ).toBe('--libvirt-version must be 12.8, 11.3, 9.9, 9.0 or latest, not "8.0"')
  })
})
