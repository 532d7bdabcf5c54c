/** An example domain shipped in the top-level public/examples folder. */
export interface ExampleTopology {
  id: string
  title: string
  /** URL under the studio's publicDir. */
  url: string
}

/** The example templates the studio can open; the first one is shown on start. */
export const EXAMPLES: readonly [ExampleTopology, ...ExampleTopology[]] = [
  {
    id: 'q35-basic',
    title: 'q35: virtio disks, a SATA cdrom, two NICs, a GPU-like PCI hostdev, a USB tablet',
    url: 'examples/q35-basic.xml',
  },
  {
    id: 'q35-conventional-pci',
    title: 'q35 with conventional PCI devices (e1000, rtl8139, ich6) behind a pcie-to-pci-bridge',
    url: 'examples/q35-conventional-pci.xml',
  },
  { id: 'pc-i440fx', title: 'pc (i440fx): IDE, virtio-scsi, flat PCI bus', url: 'examples/pc-i440fx.xml' },
  { id: 'q35-numa', title: 'q35 with two guest NUMA nodes and an expander bus on node 1', url: 'examples/q35-numa.xml' },
  { id: 'aarch64-virt', title: 'aarch64 virt: virtio devices on PCIe root ports', url: 'examples/aarch64-virt.xml' },
  { id: 'q35-blank', title: 'q35, empty: a template to build from the palette', url: 'examples/q35-blank.xml' },
  { id: 'q35-switch', title: 'q35 with a PCIe switch: devices behind its downstream ports', url: 'examples/q35-switch.xml' },
]

export const DEFAULT_EXAMPLE: ExampleTopology = EXAMPLES[0]
