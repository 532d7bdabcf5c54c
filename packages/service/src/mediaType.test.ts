import { describe, expect, it } from 'vitest'

import { syntaxOf } from './mediaType.ts'

describe('syntaxOf', () => {
  it.each([
    ['application/xml', 'xml'],
    ['text/xml; charset=UTF-8', 'xml'],
    ['Application/JSON', 'json'],
    ['application/json;charset="utf-8"', 'json'],
    ['application/yaml', 'yaml'],
    ['application/x-yaml', 'yaml'],
    ['text/yaml', 'yaml'],
  ])('%s is %s', (header, syntax) => {
    expect(syntaxOf(header)).toBe(syntax)
  })

  it.each([undefined, '', 'text/plain', 'application/xml; charset=latin1', 'application/xmlx', 'constructor'])('refuses %s', (header) => {
    expect(syntaxOf(header)).toBeUndefined()
  })
})
