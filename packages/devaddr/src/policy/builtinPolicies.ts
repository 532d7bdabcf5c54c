import { LIBVIRT_POLICY, type Policy } from './policy.ts'

/**
 * The policies devaddr ships, each frozen at its version: a release may add a version, never
 * change one (golden outputs in `golden/` hold every shipped version to its addresses).
 */
export const BUILTIN_POLICIES: readonly Policy[] = [
  LIBVIRT_POLICY,
  /** KubeVirt's v3 topology: spare ports by its formula, hotplug off on ports of non-NIC devices */
  { name: 'kubevirt', version: 1, tunables: { sparePorts: 'kubevirt-v3', rootPortHotplug: 'off-when-occupied' } },
  /** KubeVirt's placePCIDevicesOnRootComplex */
  { name: 'kubevirt-root-complex', version: 1, tunables: { rootComplexOnly: true } },
  /** virt-install: 14 root ports */
  { name: 'virt-install', version: 1, tunables: { sparePorts: 'virt-install' } },
  /** oVirt: 16 root ports */
  { name: 'ovirt', version: 1, tunables: { sparePorts: 'ovirt' } },
  /** one root port per slot, four spares, hotplug off where devices sit */
  {
    name: 'hotplug-friendly',
    version: 1,
    tunables: { sparePorts: { free: 4 }, rootPortGrouping: 'distinct-slots', rootPortHotplug: 'off-when-occupied' },
  },
]

/** A shipped policy by name, at `version` or its newest version. */
export function builtinPolicy(name: string, version?: number): Policy | undefined {
  const all = BUILTIN_POLICIES.filter((p) => p.name === name)
  if (version !== undefined) return all.find((p) => p.version === version)
  return all.reduce<Policy | undefined>((best, p) => (best === undefined || p.version > best.version ? p : best), undefined)
}
