import type { DomainInput } from 'devaddr'

/**
 * The domain-wide fields of an input besides arch, machine and devices: what the engine reads
 * of the domain itself. In the YAML/JSON format's key order.
 */
export const DOMAIN_FACT_KEYS = [
  'domainType',
  'vcpus',
  'numaNodes',
  'memorySlots',
  'memoryMiB',
  'features',
  'ioapic',
  'firmware',
  'osBoot',
  'sharedMemory',
] as const satisfies readonly (keyof DomainInput)[]

/** The domain-wide facts of an input that outputs carry over (XML skeleton, YAML, JSON). */
export type DomainFacts = Pick<DomainInput, (typeof DOMAIN_FACT_KEYS)[number]>
