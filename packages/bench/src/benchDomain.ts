import { diskNameFromIndex } from 'devaddr'

/** The kinds of device a benchmark domain mixes. */
export type BenchDeviceKind = 'virtio-disk' | 'virtio-nic' | 'e1000e-nic' | 'e1000-nic' | 'sata-cdrom' | 'virtio-channel' | 'hostdev'

/**
 * One cycle of the mix, 20 devices: 6 virtio disks, 4 virtio and 2 e1000e NICs, 1 e1000 NIC
 * (conventional PCI, so a pcie-to-pci-bridge is needed), 2 SATA cdroms, 4 virtio-serial channels
 * and 1 PCI host device.
 */
export const BENCH_MIX: readonly BenchDeviceKind[] = [
  'virtio-disk',
  'virtio-nic',
  'virtio-disk',
  'virtio-channel',
  'sata-cdrom',
  'virtio-disk',
  'e1000e-nic',
  'virtio-channel',
  'virtio-disk',
  'virtio-nic',
  'virtio-disk',
  'sata-cdrom',
  'virtio-channel',
  'virtio-disk',
  'virtio-nic',
  'e1000-nic',
  'virtio-channel',
  'e1000e-nic',
  'virtio-nic',
  'hostdev',
]

/** `a`, `b`, … `z`, `aa`, `ab`…: the suffix libvirt uses in disk names (vda, vdaa…). */
export const diskSuffix = (n: number): string => diskNameFromIndex('', n)

function hex(n: number, width: number): string {
  return `0x${n.toString(16).padStart(width, '0')}`
}

/** The device kinds of a benchmark domain with `count` devices, in the order they are declared. */
export function benchDeviceKinds(count: number): BenchDeviceKind[] {
  return Array.from({ length: count }, (_, i) => BENCH_MIX[i % BENCH_MIX.length] as BenchDeviceKind)
}

/**
 * A q35 domain with `count` devices and no addresses, deterministic for a given count:
 * the same XML every time.
 */
export function benchDomainXml(count: number): string {
  const kinds = benchDeviceKinds(count)
  const byKind = new Map<BenchDeviceKind, string[]>()
  const seen = new Map<BenchDeviceKind, number>()
  for (const kind of kinds) {
    const n = seen.get(kind) ?? 0
    seen.set(kind, n + 1)
    const list = byKind.get(kind) ?? []
    list.push(deviceXml(kind, n))
    byKind.set(kind, list)
  }
  // note: devices go in libvirt's output order (disks, interfaces, channels, hostdevs), so a
  // correct engine has nothing to reorder and the figures measure assignment alone
  const order: BenchDeviceKind[] = ['virtio-disk', 'sata-cdrom', 'virtio-nic', 'e1000e-nic', 'e1000-nic', 'virtio-channel', 'hostdev']
  const devices = order.flatMap((k) => byKind.get(k) ?? [])
  return `<domain type='kvm'>
  <name>bench-${count}</name>
  <uuid>00000000-0000-4000-8000-${count.toString(16).padStart(12, '0')}</uuid>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>4194304</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
${devices.join('\n')}
  </devices>
</domain>
`
}

function deviceXml(kind: BenchDeviceKind, n: number): string {
  switch (kind) {
    case 'virtio-disk':
      return `    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/disk${n}.qcow2'/>
      <target dev='vd${diskSuffix(n)}' bus='virtio'/>
    </disk>`
    case 'sata-cdrom':
      return `    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/var/lib/libvirt/images/cd${n}.iso'/>
      <target dev='sd${diskSuffix(n)}' bus='sata'/>
      <readonly/>
    </disk>`
    case 'virtio-nic':
    case 'e1000e-nic':
    case 'e1000-nic': {
      const model = kind === 'virtio-nic' ? 'virtio' : kind === 'e1000e-nic' ? 'e1000e' : 'e1000'
      const offset = kind === 'virtio-nic' ? 0 : kind === 'e1000e-nic' ? 0x4000 : 0x8000
      const mac = offset + n
      return `    <interface type='network'>
      <mac address='52:54:00:00:${hex(mac >> 8, 2).slice(2)}:${hex(mac & 0xff, 2).slice(2)}'/>
      <source network='default'/>
      <model type='${model}'/>
    </interface>`
    }
    case 'virtio-channel':
      return `    <channel type='unix'>
      <target type='virtio' name='org.example.bench.${n}'/>
    </channel>`
    case 'hostdev':
      return `    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source>
        <address domain='0x0000' bus='${hex(1 + (n >> 5), 2)}' slot='${hex(n & 0x1f, 2)}' function='0x0'/>
      </source>
    </hostdev>`
  }
}

/** Slots a pci-bridge or pcie-to-pci-bridge offers (slot 0 is its SHPC's). */
const BRIDGE_SLOTS = 31

/**
 * A q35 domain of `count` conventional-PCI NICs whose PCI topology is already declared, as
 * an existing large guest's would be: a root port, a pcie-to-pci-bridge, and a tree of
 * pci-bridges (breadth first, each on the first free slot of an earlier bridge) with room for
 * every NIC. The NICs carry no addresses: the engine places all of them. Deterministic.
 */
export function benchBridgedDomainXml(count: number): string {
  // capacity with B bridges: 31 slots on the pcie-to-pci-bridge plus 31 per bridge, less the B
  // slots the bridges themselves take
  let bridges = 0
  while (BRIDGE_SLOTS * (bridges + 1) - bridges < count) bridges++
  const pci = (bus: number, slot: number) =>
    `<address type='pci' domain='0x0000' bus='${hex(bus, 2)}' slot='${hex(slot, 2)}' function='0x0'/>`
  const controllers = [
    `    <controller type='pci' index='0' model='pcie-root'/>`,
    `    <controller type='pci' index='1' model='pcie-root-port'>\n      ${pci(0, 1)}\n    </controller>`,
    `    <controller type='pci' index='2' model='pcie-to-pci-bridge'>\n      ${pci(1, 0)}\n    </controller>`,
  ]
  for (let b = 0; b < bridges; b++) {
    const index = 3 + b
    const parent = 2 + Math.floor(b / BRIDGE_SLOTS)
    const slot = 1 + (b % BRIDGE_SLOTS)
    controllers.push(`    <controller type='pci' index='${index}' model='pci-bridge'>\n      ${pci(parent, slot)}\n    </controller>`)
  }
  const nics = Array.from({ length: count }, (_, n) => deviceXml('e1000-nic', n))
  return q35Domain(`bench-bridged-${count}`, [...controllers, ...nics])
}

/** A 4 GiB, 4-vCPU q35 domain named `name` holding `devices` (each an indented XML element). */
function q35Domain(name: string, devices: readonly string[]): string {
  return `<domain type='kvm'>
  <name>${name}</name>
  <memory unit='KiB'>4194304</memory>
  <vcpu placement='static'>4</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
${devices.join('\n')}
  </devices>
</domain>
`
}

/** Functions per PCI slot. */
const FUNCTIONS = 8

/**
 * A q35 domain of `count` e1000 NICs that already have their addresses, packed eight functions
 * to a slot (function 0 multifunction) behind a declared tree of pci-bridges: what a stored
 * configuration of a very large guest looks like. Up to 255 × 31 × 8 devices. Deterministic.
 */
export function benchPackedDomainXml(count: number): string {
  const perBridge = (BRIDGE_SLOTS - 1) * FUNCTIONS // every slot but the one a child bridge may take
  const bridges = Math.ceil(count / perBridge)
  const pci = (bus: number, slot: number, fn = 0, multi = false) =>
    `<address type='pci' domain='0x0000' bus='${hex(bus, 2)}' slot='${hex(slot, 2)}' function='${hex(fn, 1)}'${multi ? " multifunction='on'" : ''}/>`
  const controllers = [
    `    <controller type='pci' index='0' model='pcie-root'/>`,
    `    <controller type='pci' index='1' model='pcie-root-port'>\n      ${pci(0, 1)}\n    </controller>`,
    `    <controller type='pci' index='2' model='pcie-to-pci-bridge'>\n      ${pci(1, 0)}\n    </controller>`,
  ]
  // note: bridges form a chain, each on slot 31 of the one before, so slots 1-30 of each hold NICs
  for (let b = 0; b < bridges; b++)
    controllers.push(`    <controller type='pci' index='${3 + b}' model='pci-bridge'>\n      ${pci(2 + b, 31)}\n    </controller>`)
  const nics = Array.from({ length: count }, (_, n) => {
    const bus = 3 + Math.floor(n / perBridge)
    const slot = 1 + Math.floor((n % perBridge) / FUNCTIONS)
    const fn = n % FUNCTIONS
    return `    <interface type='network'>\n      <source network='default'/>\n      <model type='e1000'/>\n      ${pci(bus, slot, fn, fn === 0)}\n    </interface>`
  })
  return q35Domain(`bench-packed-${count}`, [...controllers, ...nics])
}
