/** The node id of a PCI controller (stable across expansions: the bus number). */
export const pciNodeId = (index: number) => `pci:${index}`
/** The node id of a device card. */
export const deviceNodeId = (id: string) => `dev:${id}`
/** The node id of a guest NUMA node's box. */
export const numaNodeId = (node: number) => `numa:${node}`
/** The node id of a multifunction slot's box. */
export const multifunctionNodeId = (bus: number, slot: number) => `mf:${bus}:${slot}`
