import type { DomainDef } from '../domain/domainDef.ts'
import { isArm, isArmVirt, isRiscv, isRiscvVirt } from '../machine/machineType.ts'
import { primeVirtioAddresses } from './primeVirtioAddresses.ts'

/**
 * ARM and RISC-V virt guests put virtio on PCI, unless a device already uses virtio-mmio:
 * then every address-less virtio device goes to virtio-mmio too.
 * @see qemuDomainAssignVirtioMMIOAddresses
 */
export function assignVirtioMmioAddresses(def: DomainDef): void {
  if (!isArm(def) && !isRiscv(def)) return
  if (!def.machine.startsWith('vexpress-') && !isArmVirt(def) && !isRiscvVirt(def)) return
  const hasPcieRoot = def.findController('pci', 0)?.model === 'pcie-root'
  const hasMmio = def.iterate().some((d) => d.address?.type === 'virtio-mmio')
  if (hasPcieRoot && !hasMmio) return
  primeVirtioAddresses(def, 'virtio-mmio')
}
