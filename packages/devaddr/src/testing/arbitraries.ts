import fc from 'fast-check'

import type { Device } from '../model/device.ts'
import type { DomainInput } from '../model/domain.ts'
import type { Policy, PolicyTunables } from '../policy/policy.ts'

/** fast-check generators of valid domains and policies, for the property tests. */

type Machine = { arch: string; machine: string }
const MACHINES: Machine[] = [
  { arch: 'x86_64', machine: 'q35' },
  { arch: 'x86_64', machine: 'pc' },
  { arch: 'aarch64', machine: 'virt' },
]

type Spec = { kind: Device['kind']; fields: Partial<Device> }
const SPECS: Spec[] = [
  { kind: 'disk', fields: { bus: 'virtio' } },
  { kind: 'disk', fields: { bus: 'sata', diskDevice: 'cdrom' } },
  { kind: 'disk', fields: { bus: 'scsi' } },
  { kind: 'interface', fields: { type: 'network', model: 'virtio' } },
  { kind: 'interface', fields: { type: 'network', model: 'e1000' } },
  { kind: 'interface', fields: { type: 'network', model: 'e1000e' } },
  { kind: 'interface', fields: { type: 'network', model: 'rtl8139' } },
  { kind: 'sound', fields: { model: 'ich9' } },
  { kind: 'sound', fields: { model: 'ac97' } },
  { kind: 'rng', fields: { model: 'virtio' } },
  { kind: 'watchdog', fields: { model: 'i6300esb' } },
  { kind: 'channel', fields: { type: 'unix', targetType: 'virtio' } },
  { kind: 'input', fields: { type: 'tablet', bus: 'usb' } },
  { kind: 'input', fields: { type: 'keyboard', bus: 'virtio' } },
  { kind: 'hostdev', fields: { mode: 'subsystem', type: 'pci' } },
  { kind: 'video', fields: { model: 'virtio' } },
  { kind: 'controller', fields: { type: 'scsi', model: 'virtio-scsi' } },
  { kind: 'controller', fields: { type: 'pci', model: 'pcie-root-port' } },
  { kind: 'controller', fields: { type: 'pci', model: 'pci-bridge' } },
]

const letters = (i: number) => (i < 26 ? String.fromCharCode(97 + i) : `a${String.fromCharCode(97 + (i % 26))}`)

/** Names disks per bus and numbers devices per kind, as a parsed XML would. */
function finish(specs: { spec: Spec; numa: number | undefined }[], m: Machine, numaNodes: number): DomainInput {
  const perKind = new Map<string, number>()
  const perBus = new Map<string, number>()
  const devices: Device[] = []
  for (const { spec, numa } of specs) {
    if (spec.kind === 'controller' && spec.fields.type === 'pci') {
      const pcie = m.machine !== 'pc'
      if ((spec.fields.model === 'pcie-root-port') !== pcie) continue
    }
    if (spec.kind === 'disk' && spec.fields.bus === 'sata' && m.machine !== 'q35') continue
    // aarch64 virt has no USB controller unless one is declared
    if (spec.kind === 'input' && spec.fields.bus === 'usb' && m.machine === 'virt') continue
    const n = perKind.get(spec.kind) ?? 0
    perKind.set(spec.kind, n + 1)
    const d: Device = { id: `${spec.kind}${n}`, kind: spec.kind, origin: 'input', ...spec.fields }
    if (spec.kind === 'disk') {
      const bus = spec.fields.bus!
      const i = perBus.get(bus) ?? 0
      perBus.set(bus, i + 1)
      d.dst = `${bus === 'virtio' ? 'vd' : 'sd'}${letters(i)}`
    }
    if (numa !== undefined && numaNodes > 0 && (spec.kind === 'disk' ? spec.fields.bus === 'virtio' : spec.kind === 'interface'))
      d.numaNode = numa % numaNodes
    devices.push(d)
  }
  // note: PCI controllers without an index are numbered in order, so the root goes first
  if (devices.some((d) => d.kind === 'controller' && d.type === 'pci'))
    devices.unshift({
      id: 'controller-root',
      kind: 'controller',
      origin: 'input',
      type: 'pci',
      index: 0,
      model: m.machine === 'pc' ? 'pci-root' : 'pcie-root',
    })
  return { ...m, devices, numaNodes }
}

export const domainArb: fc.Arbitrary<DomainInput> = fc
  .record({
    machine: fc.constantFrom(...MACHINES),
    numaNodes: fc.integer({ min: 0, max: 2 }),
    specs: fc.array(
      fc.record({ spec: fc.constantFrom(...SPECS), numa: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 6 }) }),
      { maxLength: 14 },
    ),
  })
  .map(({ machine, numaNodes, specs }) => finish(specs, machine, numaNodes))

export const tunablesArb: fc.Arbitrary<PolicyTunables> = fc.record(
  {
    sparePorts: fc.oneof(
      fc.constant('libvirt' as const),
      fc.constant('kubevirt-v3' as const),
      fc.constant('virt-install' as const),
      fc.integer({ min: 0, max: 6 }).map((free) => ({ free })),
      fc.integer({ min: 0, max: 12 }).map((total) => ({ total })),
    ),
    memoryMiB: fc.constantFrom(1024, 4096),
    placement: fc.constantFrom('auto' as const, 'pci' as const, 'pcie' as const),
    rootComplexOnly: fc.boolean(),
    rootPortHotplug: fc.constantFrom('on' as const, 'off' as const, 'off-when-occupied' as const),
    rootPortGrouping: fc.constantFrom('multifunction' as const, 'distinct-slots' as const),
    reservedSlots: fc.subarray([5, 6, 9]),
  },
  { requiredKeys: [] },
)

export const policyArb: fc.Arbitrary<Policy> = fc.oneof(
  { arbitrary: fc.constant<Policy>({ name: 'libvirt', version: 1, tunables: {} }), weight: 2 },
  { arbitrary: tunablesArb.map((tunables): Policy => ({ name: 'generated', version: 1, tunables })), weight: 3 },
)
