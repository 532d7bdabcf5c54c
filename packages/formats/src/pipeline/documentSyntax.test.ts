import { describe, expect, it } from 'vitest'

import { syntaxOfPath } from './documentSyntax.ts'

describe('syntaxOfPath', () => {
  it.each([
    ['vm.yaml', 'yaml'],
    ['dir/vm.YML', 'yaml'],
    ['C:\\vms\\vm.json', 'json'],
    ['vm.xml', 'xml'],
    ['vm', 'xml'],
    ['.yaml', 'xml'],
    ['configs.json/vm', 'xml'],
  ] as const)('%s is %s', (name, syntax) => {
    expect(syntaxOfPath(name)).toBe(syntax)
  })
})
