import type { DomainDef } from '../domain/domainDef.ts'
import { fail } from '../failure.ts'
import { isQ35 } from '../machine/machineType.ts'
import { isLibvirtPolicy, type Policy, type PolicyTunables, type SparePortsSetting } from './policy.ts'

/** Spare root ports to guarantee once every device has its slot. */
export interface SparePortTarget {
  /** at least this many empty, hotpluggable root ports */
  free: number
  /** at least this many root ports in all */
  total: number
  /** never give a root port a controller index above this (KubeVirt stops at 31) */
  maxIndex: number
}

/** A policy with every tunable resolved for one domain. */
export interface EffectivePolicy {
  policy: Policy
  /** libvirt's own single spare root port for new, libvirt-managed q35/virt domains */
  libvirtSpare: boolean
  spare: SparePortTarget | undefined
  numaExpanderBuses: boolean
  placement: 'auto' | 'pci' | 'pcie'
  rootComplexOnly: boolean
  rootPortHotplug: 'on' | 'off' | 'off-when-occupied'
  distinctSlots: boolean
  reservedSlots: number[]
  /** never pack a new root port beside an existing single-function device (libvirt does) */
  stablePacking: boolean
}

const NO_INDEX_LIMIT = 255
/** KubeVirt v3: placeholders for up to 4 NICs, then 8 or 16 ports in all with 3 or 6 free. */
const KUBEVIRT_V3 = { nicPlaceholders: 4, smallMemMiB: 2048, small: { total: 8, free: 3 }, large: { total: 16, free: 6 }, maxIndex: 31 }

function spareTarget(setting: SparePortsSetting | undefined, t: PolicyTunables, def: DomainDef): SparePortTarget | undefined {
  if (setting === undefined || setting === 'libvirt') return undefined
  if (setting === 'virt-install') return { free: 0, total: 14, maxIndex: NO_INDEX_LIMIT }
  if (setting === 'ovirt') return { free: 0, total: 16, maxIndex: NO_INDEX_LIMIT }
  if (setting === 'kubevirt-v3') {
    const nics = def.list('interface').length
    const placeholders = Math.max(0, KUBEVIRT_V3.nicPlaceholders - nics)
    const size = (t.memoryMiB ?? def.memoryMiB ?? 0) > KUBEVIRT_V3.smallMemMiB ? KUBEVIRT_V3.large : KUBEVIRT_V3.small
    return { free: Math.max(placeholders, size.free), total: size.total, maxIndex: KUBEVIRT_V3.maxIndex }
  }
  if ('free' in setting) return { free: checkCount(setting.free, 'sparePorts.free'), total: 0, maxIndex: NO_INDEX_LIMIT }
  return { free: 0, total: checkCount(setting.total, 'sparePorts.total'), maxIndex: NO_INDEX_LIMIT }
}

function checkCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > NO_INDEX_LIMIT)
    fail('unsupported', `policy ${what} must be a whole number from 0 to ${NO_INDEX_LIMIT}, not ${n}`, { libvirtFunction: null })
  return n
}

/** Slots KubeVirt's root-complex mode never uses on q35 (video, ICH9 audio). */
const ROOT_COMPLEX_RESERVED_Q35 = [0x01, 0x1b]

/** Resolves a policy's presets and defaults against one domain. */
export function effectivePolicy(policy: Policy, def: DomainDef): EffectivePolicy {
  const t = policy.tunables
  const spare = spareTarget(t.sparePorts, t, def)
  const rootComplexOnly = t.rootComplexOnly ?? false
  const reserved = [...(t.reservedSlots ?? [])]
  for (const s of reserved)
    if (!Number.isInteger(s) || s < 1 || s > 0x1f)
      fail('unsupported', `policy reservedSlots: slot ${s} is not a slot of bus 0 (1..31)`, { libvirtFunction: null })
  if (rootComplexOnly && isQ35(def)) reserved.push(...ROOT_COMPLEX_RESERVED_Q35.filter((s) => !reserved.includes(s)))
  return {
    policy,
    libvirtSpare: spare === undefined && !rootComplexOnly,
    spare,
    numaExpanderBuses: t.numaExpanderBuses ?? true,
    placement: t.placement ?? 'auto',
    rootComplexOnly,
    rootPortHotplug: t.rootPortHotplug ?? 'on',
    distinctSlots: t.rootPortGrouping === 'distinct-slots',
    reservedSlots: reserved.sort((a, b) => a - b),
    stablePacking: !isLibvirtPolicy(policy),
  }
}
