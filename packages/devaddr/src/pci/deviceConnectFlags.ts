import type { Device } from '../model/device.ts'
import { NET_MODELS } from '../validate/libvirtEnums.ts'
import * as F from './connectFlags.ts'
import { isPciControllerModel, pciControllerConnectType } from './pciControllerModel.ts'

/** The three flag values a machine gives its devices. @see qemuDomainFillDevicePCIConnectFlagsIterInit */
export interface ConnectFlavours {
  pci: F.ConnectFlags
  pcie: F.ConnectFlags
  virtio: F.ConnectFlags
}

export function connectFlavours(hasPcieRoot: boolean, virtioTransitional = true): ConnectFlavours {
  const pci = F.PCI_DEVICE | F.AUTOASSIGN
  const pcie = hasPcieRoot ? F.PCIE_DEVICE | F.AUTOASSIGN : pci
  return { pci, pcie, virtio: virtioTransitional ? pcie : pci }
}

const KNOWN_NET_MODELS = new Set<string>(NET_MODELS.map((m) => m.toLowerCase()))
/** libvirt matches NIC model names regardless of case. @see virDomainNetSetModelString */
const isKnownNetModel = (m: string) => KNOWN_NET_MODELS.has(m.toLowerCase())

const isTransitional = (m: string | undefined) => m === 'virtio-transitional'
const virtioOr = (f: ConnectFlavours, model: string | undefined) => (isTransitional(model) ? f.pci : f.virtio)

/**
 * Whether a device plugs into PCI, and into a conventional PCI or a PCI Express slot.
 * 0 means the device has no PCI address on this machine.
 * @see qemuDomainDeviceCalculatePCIConnectFlags
 */
export function deviceConnectFlags(d: Device, f: ConnectFlavours): F.ConnectFlags {
  switch (d.kind) {
    case 'controller':
      switch (d.type) {
        case 'pci':
          return isPciControllerModel(d.model) ? pciControllerConnectType(d.model) : 0
        case 'sata':
        case 'ide':
          return f.pci
        case 'nvme':
          // note: QEMU's nvme device is a PCI Express endpoint (on q35 it takes a root port)
          return f.pcie
        case 'usb':
          switch (d.model) {
            case 'nec-xhci':
            case 'qemu-xhci':
              return f.pcie
            case 'none':
            case 'qusb1':
            case 'qusb2':
              return 0
            default:
              return f.pci
          }
        case 'scsi':
          switch (d.model) {
            case undefined:
            case 'ncr53c90':
              return 0
            case 'virtio-scsi':
            case 'virtio-non-transitional':
              return f.virtio
            default:
              return f.pci
          }
        case 'virtio-serial':
          return virtioOr(f, d.model)
        default:
          return 0
      }
    case 'filesystem':
      switch (d.driverType) {
        case undefined:
        case 'path':
        case 'handle':
          return virtioOr(f, d.model)
        case 'virtiofs':
          return f.virtio
        default:
          return 0
      }
    case 'interface': {
      const m = d.model
      if (d.type === 'hostdev' || m === 'usb-net') return 0
      if (m === 'spapr-vlan' || m === 'lan9118' || m === 'smc91c111') return 0
      if (m === 'virtio' || m === 'virtio-non-transitional') return f.virtio
      if (m === 'virtio-transitional') return f.pci
      if (m === 'e1000e' || m === 'igb') return f.pcie
      // note: a model libvirt does not know is "unknown" to it, like a hostdev NIC's, and
      // libvirt assumes such a NIC is PCI Express
      if (m === undefined || !isKnownNetModel(m)) return f.pcie
      return f.pci
    }
    case 'sound':
      switch (d.model) {
        case 'es1370':
        case 'ac97':
        case 'ich6':
        case 'ich9':
          return f.pci
        case 'virtio':
          return f.virtio
        default:
          return 0
      }
    case 'disk':
      return d.bus === 'virtio' ? virtioOr(f, d.model) : 0
    case 'hostdev':
      return hostdevConnectFlags(d, f)
    case 'memballoon':
      return d.model === 'none' || d.model === 'xen' ? 0 : virtioOr(f, d.model)
    case 'rng':
      return virtioOr(f, d.model)
    case 'watchdog':
      return d.model === 'i6300esb' ? f.pci : 0
    case 'video':
      switch (d.model) {
        case 'virtio':
          return f.virtio
        case 'vga':
        case 'cirrus':
        case 'vmvga':
        case 'xen':
        case 'vbox':
        case 'qxl':
        case 'parallels':
          return f.pci
        case 'bochs':
          return f.pcie
        default:
          return 0
      }
    case 'shmem':
      return f.pci
    case 'input':
      return d.bus === 'virtio' ? virtioOr(f, d.model) : 0
    case 'serial':
      return d.targetType === 'pci-serial' ? f.pci : 0
    case 'iommu':
      if (d.model === 'virtio') return f.virtio | F.INTEGRATED
      if (d.model === 'amd') return f.pci | F.INTEGRATED
      return 0
    case 'vsock':
      return d.model === undefined ? f.virtio : virtioOr(f, d.model)
    case 'memory':
      return d.model === 'virtio-pmem' || d.model === 'virtio-mem' ? f.virtio : 0
    case 'crypto':
      return f.pci
    case 'panic':
      return d.model === 'pvpanic' ? f.pci | F.INTEGRATED : 0
    case 'pstore':
      return f.pci
    default:
      return 0
  }
}

/** Host devices: libvirt asks the host whether the real device is PCIe; `hostIsPcie` answers. */
function hostdevConnectFlags(d: Device, f: ConnectFlavours): F.ConnectFlags {
  const isMdev = d.type === 'mdev'
  if (!isMdev && (d.mode !== 'subsystem' || (d.type !== 'pci' && d.type !== 'scsi_host'))) return 0
  if (f.pci === f.pcie) return f.pci
  if (d.address?.type === 'pci' && !(d.address.domain === 0 && d.address.bus === 0 && d.address.slot === 0 && d.address.function === 0))
    return f.pcie
  if (isMdev) return f.pcie
  if (d.type === 'scsi_host') return virtioOr(f, d.model)
  return d.hostIsPcie === false ? f.pci : f.pcie
}
