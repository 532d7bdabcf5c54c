import fc from 'fast-check'
import { expect } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import type { LibvirtVersion } from '../machine/libvirtProfile.ts'
import type { Address } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import type { DomainInput, Expansion } from '../model/domain.ts'
import { isLibvirtPolicy, type Policy } from '../policy/policy.ts'
import { domainArb, policyArb } from './arbitraries.ts'

const expand = (input: DomainInput, policy: Policy, run: PropertyRun) =>
  expandDomain(input, { policy, newDomain: true, libvirtVersion: run.libvirtVersion ?? '9.9' })
const key = (a: Address | undefined): string | undefined => {
  switch (a?.type) {
    case 'pci':
      return `pci ${a.bus}:${a.slot}.${a.function}`
    case 'drive':
      return undefined // drive addresses are per controller type: checked separately
    case 'virtio-serial':
      return `vs ${a.controller}:${a.port}`
    case 'usb':
      return `usb ${a.bus}:${a.port}`
    default:
      return undefined
  }
}
const addrs = (e: Expansion) => new Map(e.devices.map((d) => [d.id, d.address]))
/**
 * Every device of `before` still has its address in `after`. Under the libvirt policy a
 * function-0 device may gain multifunction='on' when a new root port joins its slot: that is
 * libvirt's own behaviour (see the seeds' thread on implied multifunction); devaddr's other
 * policies never do it.
 */
const unchanged = (before: Expansion, after: Expansion, policy: Policy) => {
  const now = addrs(after)
  const tolerant = isLibvirtPolicy(policy)
  for (const d of before.devices) {
    if (!now.has(d.id)) continue
    const a = now.get(d.id)
    if (tolerant && a?.type === 'pci' && d.address?.type === 'pci' && d.address.multifunction === undefined && a.multifunction === 'on') {
      const [was, is] = [
        { ...d.address, multifunction: undefined },
        { ...a, multifunction: undefined },
      ]
      if (!sameData(is, was)) expect(is).toEqual(was)
    } else if (!sameData(a, d.address)) expect(a).toEqual(d.address)
  }
}

/**
 * A quick equality for plain data written the same way; `expect(…).toEqual` (slow, run 10^6
 * times in the deep run) only judges, and reports, what this finds different.
 */
const sameData = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const consoleMirror = (d: Device) => d.kind === 'console'

/** How many generated domains a check runs, and from which seed: the same seed gives the same domains. */
export interface PropertyRun {
  numRuns: number
  seed: number
  /** the release the engine imitates; default 9.9 (the domains the deep run was tuned on) */
  libvirtVersion?: LibvirtVersion
}

/**
 * The engine's promises as fast-check properties, shared by the quick run in `npm test`
 * (`expandDomain.prop.test.ts`) and the deep run (`pnpm test:deep`, 10^6 domains).
 * A failed property throws (fast-check's report: seed, path, counterexample).
 */
export interface EngineProperty {
  name: string
  check: (run: PropertyRun) => void
}

export const EXPAND_DOMAIN_PROPERTIES: readonly EngineProperty[] = [
  {
    name: 'is deterministic, and gives the same result without explanations or warnings',
    check: (run) =>
      fc.assert(
        fc.property(domainArb, policyArb, (input, policy) => {
          const first = expand(input, policy, run)
          expect(JSON.stringify(first)).toBe(JSON.stringify(expand(input, policy, run)))
          const options = { policy, newDomain: true, libvirtVersion: run.libvirtVersion ?? '9.9' } as const
          const unexplained = expandDomain(input, { ...options, explain: false })
          const withoutSteps = first.ok ? { ...first, value: { ...first.value, explanations: [] } } : first
          expect(JSON.stringify(unexplained)).toBe(JSON.stringify(withoutSteps))
          const bare = expandDomain(input, { ...options, explain: false, warnings: false })
          const withoutWarnings = first.ok ? { ...first, value: { ...first.value, explanations: [], warnings: [] } } : first
          expect(JSON.stringify(bare)).toBe(JSON.stringify(withoutWarnings))
        }),
        run,
      ),
  },
  {
    name: 'gives no two devices one address, and puts every PCI device on an existing bus',
    check: (run) =>
      fc.assert(
        fc.property(domainArb, policyArb, (input, policy) => {
          const r = expand(input, policy, run)
          if (!r.ok) return
          const seen = new Map<string, string>()
          const buses = new Set(r.value.devices.flatMap((d) => (d.kind === 'controller' && d.type === 'pci' ? [d.index] : [])))
          // note: plain tests first, expect only on a violation (it is slow at 10^6 domains)
          for (const d of r.value.devices) {
            if (consoleMirror(d)) continue
            const k = key(d.address)
            if (k) {
              if (seen.has(k)) expect(seen.get(k), `${d.id} and ${seen.get(k)} share ${k}`).toBeUndefined()
              seen.set(k, d.id)
            }
            if (d.address?.type === 'pci' && !buses.has(d.address.bus))
              expect(buses.has(d.address.bus), `${d.id}: no bus ${d.address.bus}`).toBe(true)
            if (d.address?.type === 'pci' && d.kind === 'controller' && d.model === 'pci-bridge' && !(d.index! > d.address.bus))
              expect(d.index!).toBeGreaterThan(d.address.bus)
          }
        }),
        run,
      ),
  },
  {
    name: 're-expanding an expansion changes nothing',
    check: (run) =>
      fc.assert(
        fc.property(domainArb, policyArb, (input, policy) => {
          const first = expand(input, policy, run)
          if (!first.ok) return
          const again = expandDomain(
            { ...input, devices: first.value.devices },
            { policy, newDomain: false, libvirtVersion: run.libvirtVersion ?? '9.9' },
          )
          expect(again.ok).toBe(true)
          if (!again.ok) return
          // note: libvirt regroups controllers by type when it re-reads its own output, so
          // compare device by device rather than in list order
          const byId = (e: Expansion) => Object.fromEntries(e.devices.map((d) => [d.id, [d.address, d.index, d.model, d.target]]))
          const [was, is] = [byId(first.value), byId(again.value)]
          if (!sameData(is, was)) expect(is).toEqual(was)
        }),
        run,
      ),
  },
  {
    name: 'adding a device never moves another',
    check: (run) =>
      fc.assert(
        fc.property(
          domainArb,
          policyArb,
          fc.constantFrom<Partial<Device>>(
            { kind: 'interface', type: 'network', model: 'virtio' },
            { kind: 'interface', type: 'network', model: 'e1000' },
            { kind: 'disk', bus: 'virtio', dst: 'vdzz' },
            { kind: 'rng', model: 'virtio' },
          ),
          (input, policy, extra) => {
            const first = expand(input, policy, run)
            if (!first.ok) return
            const added = { ...extra, id: 'added-later', origin: 'input' } as Device
            const second = expandDomain(
              { ...input, devices: [...first.value.devices, added] },
              { policy, newDomain: false, libvirtVersion: run.libvirtVersion ?? '9.9' },
            )
            if (!second.ok) return // a full bus may refuse the newcomer; it must never move others
            unchanged(first.value, second.value, policy)
          },
        ),
        run,
      ),
  },
  {
    name: 'removing a device never moves another',
    check: (run) =>
      fc.assert(
        fc.property(domainArb, policyArb, fc.nat(), (input, policy, pick) => {
          const first = expand(input, policy, run)
          if (!first.ok) return
          const endpoints = first.value.devices.filter((d) => d.origin === 'input' && d.kind !== 'controller')
          if (endpoints.length === 0) return
          const gone = endpoints[pick % endpoints.length]!
          const second = expandDomain(
            { ...input, devices: first.value.devices.filter((d) => d !== gone) },
            { policy, newDomain: false, libvirtVersion: run.libvirtVersion ?? '9.9' },
          )
          expect(second.ok).toBe(true)
          if (second.ok) unchanged(first.value, second.value, policy)
        }),
        run,
      ),
  },
  {
    name: 'keeps each tunable promise',
    check: (run) =>
      fc.assert(
        fc.property(domainArb, policyArb, (input, policy) => {
          const r = expand(input, policy, run)
          if (!r.ok) return
          const e = r.value
          const t = policy.tunables
          const pcie = e.devices.some((d) => d.model === 'pcie-root')
          const ports = e.devices.filter((d) => d.model === 'pcie-root-port')
          const used = new Set(e.devices.flatMap((d) => (d.address?.type === 'pci' ? [d.address.bus] : [])))
          const free = ports.filter((p) => !used.has(p.index!) && p.target?.hotplug !== 'off')
          if (pcie && typeof t.sparePorts === 'object' && 'free' in t.sparePorts)
            expect(free.length).toBeGreaterThanOrEqual(t.sparePorts.free)
          if (pcie && typeof t.sparePorts === 'object' && 'total' in t.sparePorts)
            expect(ports.length).toBeGreaterThanOrEqual(t.sparePorts.total)
          if (pcie && t.sparePorts === 'virt-install') expect(ports.length).toBeGreaterThanOrEqual(14)
          if (t.rootPortHotplug === 'off') for (const p of ports) expect(p.target?.hotplug).toBe(used.has(p.index!) ? 'off' : undefined)
          if (t.rootPortGrouping === 'distinct-slots')
            for (const p of ports.filter((p) => p.origin === 'auto')) expect(p.address).toMatchObject({ function: 0 })
          for (const s of t.reservedSlots ?? [])
            expect(e.devices.some((d) => d.address?.type === 'pci' && d.address.bus === 0 && d.address.slot === s)).toBe(false)
          if (t.rootComplexOnly)
            for (const d of e.devices)
              if (d.address?.type === 'pci' && !(d.kind === 'controller' && d.type === 'pci') && d.numaNode === undefined)
                expect(d.address.bus).toBe(0)
          for (const d of e.devices) {
            if (d.numaNode === undefined || d.address?.type !== 'pci' || (t.numaExpanderBuses ?? true) === false) continue
            // follow the chain of controllers up to the expander bus of the device's node
            let bus = d.address.bus
            let node: number | undefined
            for (let hops = 0; hops < 4 && node === undefined; hops++) {
              const c = e.devices.find((x) => x.kind === 'controller' && x.type === 'pci' && x.index === bus)
              if (!c) break
              if (c.model === 'pcie-expander-bus' || c.model === 'pci-expander-bus') node = c.target?.node
              else if (c.address?.type === 'pci') bus = c.address.bus
              else break
            }
            expect(node).toBe(d.numaNode)
          }
        }),
        run,
      ),
  },
]
