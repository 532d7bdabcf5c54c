/**
 * The QEMU device capabilities address assignment depends on. devaddr assumes a current QEMU
 * where all of them exist (libvirt's "latest" test capabilities); a profile can name the
 * ones a given QEMU lacks.
 */
export const QEMU_CAPABILITIES = [
  /** piix3-usb-uhci: the default USB controller of pc machines */
  'piix3-usb-uhci',
  /** qemu-xhci: the default USB controller of q35 and virt */
  'qemu-xhci',
  /** nec-usb-xhci: q35's fallback USB controller */
  'nec-usb-xhci',
  /** ich9-usb-ehci1: q35's last USB fallback */
  'ich9-usb-ehci1',
  /** pcie-root-port (else root ports are ioh3420) */
  'pcie-root-port',
  /** pcie-pci-bridge (else conventional PCI on q35 goes behind dmi-to-pci-bridge + pci-bridge) */
  'pcie-pci-bridge',
  /** virtio-*-pci-transitional devices, QEMU >= 4.0 (else virtio devices are conventional PCI) */
  'virtio-pci-transitional',
] as const

export type QemuCapability = (typeof QEMU_CAPABILITIES)[number]

/** What a QEMU lacks, by capability name; empty means a current QEMU. */
export interface QemuCapabilities {
  missing?: readonly QemuCapability[]
}

export function hasCap(caps: QemuCapabilities | undefined, cap: QemuCapability): boolean {
  return !(caps?.missing ?? []).includes(cap)
}
