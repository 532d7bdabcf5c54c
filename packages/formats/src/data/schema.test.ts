import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import Ajv2020Module from 'ajv/dist/2020.js'
import { expandDomain } from 'devaddr'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'

import { parseDomainJson, parseDomainYaml, parsePolicyJson, parsePolicyYaml } from './parseDomainData.ts'
import { toJson, toYaml } from './serializeExpansion.ts'

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const readJson = (path: string): object => JSON.parse(readFileSync(join(PACKAGE, path), 'utf8')) as object

// note: ajv is CommonJS; its default export arrives wrapped or not depending on the loader
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module) as typeof Ajv2020Module
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
ajv.addSchema(readJson('schema/policy.schema.json'))
const validateDomain = ajv.compile(readJson('schema/domain.schema.json'))
const validatePolicy = ajv.getSchema('https://devaddr.dev/schema/policy.schema.json')!

const examples = readdirSync(join(PACKAGE, 'examples')).sort()
const read = (name: string) => readFileSync(join(PACKAGE, 'examples', name), 'utf8')
const asData = (name: string, text: string): unknown => (name.endsWith('.json') ? JSON.parse(text) : parseYaml(text))

describe('JSON Schemas', () => {
  it('are valid draft 2020-12 schemas', () => {
    expect(ajv.validateSchema(readJson('schema/domain.schema.json'))).toBe(true)
    expect(ajv.validateSchema(readJson('schema/policy.schema.json'))).toBe(true)
  })

  it.each(examples.filter((n) => n.includes('.domain.')))('accept the example domain %s, as the parser does', (name) => {
    const text = read(name)
    expect(validateDomain(asData(name, text)), JSON.stringify(validateDomain.errors)).toBe(true)
    const parsed = name.endsWith('.json') ? parseDomainJson(text) : parseDomainYaml(text)
    expect(parsed.ok).toBe(true)
  })

  it.each(examples.filter((n) => n.includes('.policy.')))('accept the example policy %s, as the parser does', (name) => {
    const text = read(name)
    expect(validatePolicy(asData(name, text)), JSON.stringify(validatePolicy.errors)).toBe(true)
    const parsed = name.endsWith('.json') ? parsePolicyJson(text) : parsePolicyYaml(text)
    expect(parsed.ok).toBe(true)
  })

  it.each(examples.filter((n) => n.includes('.domain.')))('accept what toYaml and toJson write for %s', (name) => {
    const text = read(name)
    const parsed = name.endsWith('.json') ? parseDomainJson(text) : parseDomainYaml(text)
    if (!parsed.ok) throw new Error(parsed.error.message)
    const expansion = expandDomain(parsed.value.input, parsed.value.policy ? { policy: parsed.value.policy } : {})
    if (!expansion.ok) throw new Error(JSON.stringify(expansion.error))
    expect(validateDomain(parseYaml(toYaml(expansion.value))), JSON.stringify(validateDomain.errors)).toBe(true)
    expect(validateDomain(JSON.parse(toJson(expansion.value))), JSON.stringify(validateDomain.errors)).toBe(true)
  })

  const base = { arch: 'x86_64', machine: 'q35' }
  it.each([
    ['an unknown kind', { ...base, devices: [{ kind: 'nic' }] }],
    ['a slot past 0x1f', { ...base, devices: [{ kind: 'interface', address: '0000:00:20.0' }] }],
    ['a function past 7', { ...base, devices: [{ kind: 'interface', address: '0000:00:01.8' }] }],
    ['a string index', { ...base, devices: [{ kind: 'controller', index: '2' }] }],
    ['an unknown device key', { ...base, devices: [{ kind: 'interface', numa_node: 1 }] }],
    ['multifunction on a drive address', { ...base, devices: [{ kind: 'disk', address: { unit: 0 }, multifunction: true }] }],
    ['a port on a drive address', { ...base, devices: [{ kind: 'disk', address: { unit: 0, port: 1 } }] }],
    ['half a CCW address', { ...base, devices: [{ kind: 'disk', address: { type: 'ccw', cssid: 0 } }] }],
    ['a missing machine', { arch: 'x86_64' }],
    ['a policy without version', { ...base, policy: { name: 'x' } }],
    ['an unknown tunable', { ...base, policy: { name: 'x', version: 1, tunables: { spare: 1 } } }],
    ['a reserved slot past 31', { ...base, policy: { name: 'x', version: 1, tunables: { reservedSlots: [32] } } }],
  ])('refuse %s, as the parser does', (_what, data) => {
    expect(validateDomain(data)).toBe(false)
    expect(parseDomainJson(JSON.stringify(data)).ok).toBe(false)
  })
})
