import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import { dev, expandOk, freeRootPorts, pc, policyOf, q35, rejection, rootPorts } from '../testing/devices.ts'
import { LIBVIRT_POLICY } from './policy.ts'

const nic = (model = 'virtio') => dev({ kind: 'interface', type: 'network', model })
const disk = (dst: string) => dev({ kind: 'disk', bus: 'virtio', dst })
const withPolicy = (tunables: Parameters<typeof policyOf>[0]) => ({ policy: policyOf(tunables) })

describe('spare hotplug root ports', () => {
  it('libvirt leaves exactly one empty root port in a new domain', () => {
    const e = expandOk(q35([nic(), disk('vda')]), { policy: LIBVIRT_POLICY })
    expect(freeRootPorts(e)).toHaveLength(1)
  })

  it('{ free: 4 } leaves four empty ports, after every device has its slot', () => {
    const devices = [nic(), disk('vda')]
    const plain = expandOk(q35(devices))
    const e = expandOk(q35(devices), withPolicy({ sparePorts: { free: 4 } }))
    expect(freeRootPorts(e)).toHaveLength(4)
    // devices sit where libvirt puts them when libvirt's own spare is left out
    const addr = (x: typeof e, id: string) => x.devices.find((d) => d.id === id)?.address
    for (const d of plain.devices.filter((d) => d.origin === 'input')) expect(addr(e, d.id)).toEqual(addr(plain, d.id))
  })

  it('{ total: 10 } (Nova num_pcie_ports) gives ten root ports in all', () => {
    expect(rootPorts(expandOk(q35([nic()]), withPolicy({ sparePorts: { total: 10 } })))).toHaveLength(10)
  })

  it('virt-install gives 14 root ports and oVirt 16', () => {
    expect(rootPorts(expandOk(q35([nic()]), withPolicy({ sparePorts: 'virt-install' })))).toHaveLength(14)
    expect(rootPorts(expandOk(q35([nic()]), withPolicy({ sparePorts: 'ovirt' })))).toHaveLength(16)
  })

  it('KubeVirt v3: one NIC and 2 GiB gives 8 ports with 3 placeholders free', () => {
    const e = expandOk(q35([nic(), disk('vda')]), withPolicy({ sparePorts: 'kubevirt-v3', memoryMiB: 2048 }))
    expect(rootPorts(e).length).toBe(8)
    expect(freeRootPorts(e).length).toBeGreaterThanOrEqual(3)
  })

  it('KubeVirt v3: more than 2 GiB gives 16 ports with at least 6 free', () => {
    const e = expandOk(q35([nic(), nic(), disk('vda')]), withPolicy({ sparePorts: 'kubevirt-v3', memoryMiB: 4096 }))
    expect(rootPorts(e).length).toBe(16)
    expect(freeRootPorts(e).length).toBeGreaterThanOrEqual(6)
  })

  it('re-expanding keeps the spares and adds none', () => {
    const opts = withPolicy({ sparePorts: { free: 3 } })
    const first = expandOk(q35([nic()]), opts)
    const again = expandOk(q35(first.devices), opts)
    expect(again.devices.map((d) => d.address)).toEqual(first.devices.map((d) => d.address))
  })

  it('adding a device takes a spare and tops the spares up without moving anything', () => {
    const opts = withPolicy({ sparePorts: { free: 2 } })
    const first = expandOk(q35([nic()]), opts)
    const added = expandOk(q35([...first.devices, disk('vdb')]), opts)
    for (const d of first.devices) expect(added.devices.find((x) => x.id === d.id)?.address).toEqual(d.address)
    expect(freeRootPorts(added)).toHaveLength(2)
  })
})

describe('NUMA placement', () => {
  it('puts a pinned device behind a pcie-expander-bus of its node on q35', () => {
    const e = expandOk(q35([dev({ kind: 'disk', bus: 'virtio', dst: 'vda', numaNode: 1 })], { numaNodes: 2 }))
    const pxb = e.devices.find((d) => d.model === 'pcie-expander-bus')!
    expect(pxb.target?.node).toBe(1)
    expect(pxb.target?.busNr).toBe(254)
    const port = e.devices.find((d) => d.model === 'pcie-root-port' && d.address?.type === 'pci' && d.address.bus === pxb.index)!
    expect(e.devices.find((d) => d.dst === 'vda')!.address).toMatchObject({ bus: port.index, slot: 0 })
  })

  it('uses one expander bus per node and a pci-expander-bus on pc', () => {
    const e = expandOk(
      pc(
        [
          dev({ kind: 'interface', type: 'network', model: 'e1000', numaNode: 0 }),
          dev({ kind: 'disk', bus: 'virtio', dst: 'vda', numaNode: 0 }),
        ],
        { numaNodes: 1 },
      ),
    )
    const pxbs = e.devices.filter((d) => d.model === 'pci-expander-bus')
    expect(pxbs).toHaveLength(1)
    const onPxb = e.devices.filter((d) => d.address?.type === 'pci' && d.address.bus === pxbs[0]!.index)
    expect(onPxb.map((d) => d.kind).sort()).toEqual(['disk', 'interface'])
  })

  it('pinning a device moves no other device: they sit as if the pinned one were not there', () => {
    const others = [nic(), disk('vda'), nic('e1000'), disk('vdb')]
    const pinned = dev({ kind: 'disk', bus: 'virtio', dst: 'vdc', numaNode: 1 })
    const without = expandOk(q35(others, { numaNodes: 2 }), { newDomain: true })
    const withPin = expandOk(q35([...others, pinned], { numaNodes: 2 }), { newDomain: true })
    for (const d of without.devices) expect(withPin.devices.find((x) => x.id === d.id)?.address, d.id).toEqual(d.address)
    expect(withPin.devices.find((d) => d.id === pinned.id)!.address).toBeDefined()
  })

  it('rejects a node the guest does not have', () => {
    const vda = dev({ kind: 'disk', bus: 'virtio', dst: 'vda', numaNode: 3 })
    const e = rejection(expandDomain(q35([vda], { numaNodes: 2 })))
    expect(e).toMatchObject({ code: 'unsupported', deviceId: vda.id, libvirtFunction: 'qemuDomainControllerDefPostParse' })
    expect(e.message).toMatch(/NUMA node 3/)
  })
})

describe('placement controls', () => {
  it('placement pci puts a virtio NIC on a conventional PCI bridge on q35', () => {
    const e = expandOk(q35([nic()]), withPolicy({ placement: 'pci' }))
    const bridge = e.devices.find((d) => d.model === 'pcie-to-pci-bridge')!
    expect(e.devices.find((d) => d.kind === 'interface')!.address).toMatchObject({ bus: bridge.index })
  })

  it('a device placed integrated sits on the root complex', () => {
    const e = expandOk(q35([dev({ kind: 'interface', type: 'network', model: 'virtio', placement: 'integrated' })]))
    expect(e.devices.find((d) => d.kind === 'interface')!.address).toMatchObject({ bus: 0 })
  })

  it('root-complex mode puts every endpoint on bus 0, skipping slots 1 and 0x1b', () => {
    const e = expandOk(q35([nic(), disk('vda'), disk('vdb')]), withPolicy({ rootComplexOnly: true }))
    const endpoints = e.devices.filter((d) => d.address?.type === 'pci' && !(d.kind === 'controller' && d.type === 'pci'))
    for (const d of endpoints) expect(d.address).toMatchObject({ bus: 0 })
    const slots = endpoints.map((d) => (d.address?.type === 'pci' ? d.address.slot : -1))
    expect(slots).not.toContain(1)
    expect(slots).not.toContain(0x1b)
    expect(rootPorts(e)).toHaveLength(0)
  })

  it('root-complex mode fails clearly when bus 0 is full', () => {
    const many = Array.from({ length: 40 }, (_, i) => disk(`vd${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'x' : ''}`))
    const e = rejection(expandDomain(q35(many), withPolicy({ rootComplexOnly: true })))
    // note: the dry run grows a bus for the device that no longer fits, which an integrated device refuses
    expect(e).toMatchObject({ code: 'incompatible-bus', address: '0000:01:00.0', libvirtFunction: 'virDomainPCIAddressFlagsCompatible' })
    expect(many.map((d) => d.id)).toContain(e.deviceId)
  })

  it('distinct-slots gives each root port a slot of its own', () => {
    const e = expandOk(q35([nic(), disk('vda')]), withPolicy({ rootPortGrouping: 'distinct-slots' }))
    const ports = rootPorts(e)
    expect(ports.length).toBeGreaterThan(1)
    for (const p of ports) expect(p.address).toMatchObject({ function: 0 })
    expect(new Set(ports.map((p) => (p.address?.type === 'pci' ? p.address.slot : -1))).size).toBe(ports.length)
  })

  it('reserved slots stay free on bus 0', () => {
    const e = expandOk(pc([nic('e1000'), nic('e1000'), disk('vda')]), withPolicy({ reservedSlots: [3, 4] }))
    const slots = e.devices.flatMap((d) => (d.address?.type === 'pci' && d.address.bus === 0 ? [d.address.slot] : []))
    expect(slots).not.toContain(3)
    expect(slots).not.toContain(4)
  })
})

describe('root-port hotplug', () => {
  const ports = (tunable: 'off' | 'off-when-occupied') =>
    rootPorts(expandOk(q35([nic(), disk('vda')]), withPolicy({ rootPortHotplug: tunable })))
  it('off turns hotplug off on every occupied root port and leaves the spare hotpluggable', () => {
    const all = ports('off')
    expect(all.filter((p) => p.target?.hotplug !== 'off')).toHaveLength(1)
  })
  it('off-when-occupied keeps NIC and empty ports hotpluggable', () => {
    const e = expandOk(q35([nic(), disk('vda')]), withPolicy({ rootPortHotplug: 'off-when-occupied' }))
    const at = (bus: number) => e.devices.find((d) => d.address?.type === 'pci' && d.address.bus === bus)
    for (const p of rootPorts(e)) {
      const occupant = at(p.index!)
      expect(p.target?.hotplug).toBe(occupant && occupant.kind !== 'interface' ? 'off' : undefined)
    }
  })
  it("a device's hotplug off switches off only its own port", () => {
    const e = expandOk(q35([dev({ kind: 'disk', bus: 'virtio', dst: 'vda', hotplug: 'off' }), nic()]))
    const diskBus = e.devices.find((d) => d.kind === 'disk')!.address
    const off = rootPorts(e).filter((p) => p.target?.hotplug === 'off')
    expect(off.map((p) => p.index)).toEqual([diskBus?.type === 'pci' ? diskBus.bus : -1])
  })
})

describe('policy record', () => {
  it('the expansion names the policy and version that made it', () => {
    expect(expandOk(q35([])).policy).toEqual({ name: 'libvirt', version: 1 })
    expect(expandOk(q35([]), { policy: policyOf({}, 'mine') }).policy).toEqual({ name: 'mine', version: 1 })
  })
})
