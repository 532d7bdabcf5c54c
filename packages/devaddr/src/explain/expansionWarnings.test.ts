import { describe, expect, it } from 'vitest'
import { dev, expandOk, policyOf, q35 } from '../testing/devices.ts'

describe('expansion warnings', () => {
  it('warns about root port counts QEMU and firmware handle badly', () => {
    const e = expandOk(q35([]), { policy: policyOf({ sparePorts: { total: 16 } }) })
    expect(e.warnings.map((w) => w.code)).toContain('root-port-count')
  })

  it('warns when too many bridges need IO port space', () => {
    const nics = Array.from({ length: 10 }, () => dev({ kind: 'interface', type: 'network', model: 'e1000', placement: 'pcie' }))
    const e = expandOk(q35(nics))
    expect(e.warnings.map((w) => w.code)).toContain('io-port-space')
  })

  it('warns when no hotpluggable port is left, and not for libvirt\'s default', () => {
    expect(expandOk(q35([]), { newDomain: true }).warnings.map((w) => w.code)).not.toContain('hotplug-slots')
    const full = expandOk(q35([dev({ kind: 'controller', type: 'pci', index: 1, model: 'pcie-root-port' }), dev({ kind: 'disk', bus: 'virtio', dst: 'vda' })]))
    expect(full.warnings.map((w) => w.code)).toContain('hotplug-slots')
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
