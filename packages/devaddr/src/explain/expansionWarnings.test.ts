import { describe, expect, it } from 'vitest'

import type { Expansion, ExpansionWarning } from '../model/domain.ts'
import { dev, expandOk, policyOf, q35, rootPorts } from '../testing/devices.ts'

const warning = (e: Expansion, code: ExpansionWarning['code']) => e.warnings.find((w) => w.code === code)

describe('expansion warnings', () => {
  it('warns about root port counts QEMU and firmware handle badly, naming every root port', () => {
    const e = expandOk(q35([]), { policy: policyOf({ sparePorts: { total: 16 } }) })
    const w = warning(e, 'root-port-count')
    expect(w?.deviceIds).toEqual(rootPorts(e).map((p) => p.id))
    expect(w?.deviceIds).toHaveLength(16)
  })

  it('warns when too many bridges need IO port space, naming the ports that hold such devices', () => {
    const nics = Array.from({ length: 10 }, () => dev({ kind: 'interface', type: 'network', model: 'e1000', placement: 'pcie' }))
    const e = expandOk(q35(nics))
    const w = warning(e, 'io-port-space')
    const nicBuses = new Set(e.devices.flatMap((d) => (d.kind === 'interface' && d.address?.type === 'pci' ? [d.address.bus] : [])))
    const ports = e.devices.filter((d) => d.kind === 'controller' && d.type === 'pci' && nicBuses.has(d.index ?? -1))
    expect(w?.deviceIds).toEqual(ports.map((p) => p.id))
    expect(w?.deviceIds).toHaveLength(10)
  })

  it('warns when bus numbers run short, naming every bus', () => {
    const e = expandOk(q35([]), { policy: policyOf({ sparePorts: { total: 200 } }) })
    const w = warning(e, 'bus-numbers')
    const buses = e.devices.filter((d) => d.kind === 'controller' && d.type === 'pci' && d.model !== 'pcie-root')
    expect(w?.deviceIds).toEqual(buses.map((b) => b.id))
  })

  it("warns when no hotpluggable port is left, naming the pcie-root, and not for libvirt's default", () => {
    expect(warning(expandOk(q35([]), { newDomain: true }), 'hotplug-slots')).toBeUndefined()
    const full = expandOk(
      q35([dev({ kind: 'controller', type: 'pci', index: 1, model: 'pcie-root-port' }), dev({ kind: 'disk', bus: 'virtio', dst: 'vda' })]),
    )
    const root = full.devices.find((d) => d.model === 'pcie-root')!
    expect(warning(full, 'hotplug-slots')?.deviceIds).toEqual([root.id])
  })

  it('explains why each device went where', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'e1000' })]), { newDomain: true })
    const nic = e.devices.find((d) => d.kind === 'interface')!
    const steps = e.explanations.find((x) => x.device === nic.id)!.steps.join(' / ')
    expect(steps).toMatch(/pcie-to-pci-bridge/)
    expect(steps).toMatch(/conventional PCI/)
    const bridge = e.devices.find((d) => d.model === 'pcie-to-pci-bridge')!
    expect(e.explanations.find((x) => x.device === bridge.id)!.steps[0]).toMatch(/added for interface/)
  })
})
