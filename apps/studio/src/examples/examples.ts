/** An example domain shipped in the top-level public/examples folder. */
export interface ExampleTopology {
  id: string
  title: string
  /** URL under the studio's publicDir. */
  url: string
}

/** The examples the studio can open; the first one is shown on start. */
export const EXAMPLES: readonly [ExampleTopology, ...ExampleTopology[]] = [
  {
    id: 'q35-basic',
    title: 'q35: virtio disks, two NICs, a PCI hostdev, a USB tablet',
    url: 'examples/q35-basic.xml',
  },
]

export const DEFAULT_EXAMPLE: ExampleTopology = EXAMPLES[0]
