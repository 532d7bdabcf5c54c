import type { AddrError } from '../errors.ts'
import { expandDomain } from '../expandDomain.ts'
import type { Device } from '../model/device.ts'
import type { DomainInput, ExpandOptions, Expansion } from '../model/domain.ts'
import type { Policy, PolicyTunables } from '../policy/policy.ts'
import type { Result } from '../result.ts'

/** Test helpers: build input devices and expand, failing loudly on a rejection. */
let counter = 0
export const dev = (d: Omit<Device, 'id' | 'origin'>): Device => ({ id: `${d.kind}${counter++}`, origin: 'input', ...d })

export const policyOf = (tunables: PolicyTunables, name = 'test'): Policy => ({ name, version: 1, tunables })

export function expandOk(input: DomainInput, options: ExpandOptions = {}): Expansion {
  const r = expandDomain(input, { newDomain: false, ...options })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

/** The one error of a rejection; throws when the result is a value, so a test cannot pass by accident. */
export function rejection(r: Result<unknown, AddrError[]>): AddrError {
  if (r.ok) throw new Error('expected a rejection, got a value')
  if (r.error.length !== 1) throw new Error(`expected one error, got ${JSON.stringify(r.error)}`)
  return r.error[0]!
}

export const rootPorts = (e: Expansion) => e.devices.filter((d) => d.kind === 'controller' && d.model === 'pcie-root-port')

/** Root ports with nothing in their slot. */
export function freeRootPorts(e: Expansion): Device[] {
  const used = new Set(e.devices.flatMap((d) => (d.address?.type === 'pci' ? [d.address.bus] : [])))
  return rootPorts(e).filter((p) => !used.has(p.index ?? -1))
}

export const q35 = (devices: Device[], extra: Partial<DomainInput> = {}): DomainInput => ({
  arch: 'x86_64',
  machine: 'q35',
  devices,
  ...extra,
})
export const pc = (devices: Device[], extra: Partial<DomainInput> = {}): DomainInput => ({
  arch: 'x86_64',
  machine: 'pc',
  devices,
  ...extra,
})
