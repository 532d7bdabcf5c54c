/**
 * The values libvirt 9.x's domain XML parser knows for the enumerations address assignment
 * reads. A value outside them is refused when the XML is parsed (`virXMLPropEnum`, or
 * `"Unknown model type"`); devaddr refuses it before assigning anything, whatever the front end.
 */

/** `<controller type>`: virDomainControllerType. @see virDomainControllerDefParseXML */
export const CONTROLLER_TYPES = ['ide', 'fdc', 'scsi', 'sata', 'virtio-serial', 'ccid', 'usb', 'pci', 'xenbus', 'isa'] as const

/**
 * The controller type and the disk bus NVMe disks add (libvirt 11.5; the profile's `nvmeDisks`
 * says whether a release knows them). The type comes last in virDomainControllerType, so a
 * controller libvirt adds for an NVMe disk goes after every other type's.
 */
export const NVME = 'nvme'

/** The controller types a release knows. */
export function controllerTypes(nvmeDisks: boolean): readonly string[] {
  return nvmeDisks ? [...CONTROLLER_TYPES, NVME] : CONTROLLER_TYPES
}

/** The disk buses a release knows. */
export function diskBuses(nvmeDisks: boolean): readonly string[] {
  return nvmeDisks ? [...DISK_BUSES, NVME] : DISK_BUSES
}

/**
 * `<controller model>` per controller type, for the types whose model libvirt parses into an
 * enumeration (virDomainControllerModelSCSI, …USB, …PCI, …IDE, …VirtioSerial).
 * @see virDomainControllerDefParseXML
 */
export const CONTROLLER_MODELS: Readonly<Record<string, readonly string[]>> = {
  scsi: [
    'auto',
    'buslogic',
    'lsilogic',
    'lsisas1068',
    'vmpvscsi',
    'ibmvscsi',
    'virtio-scsi',
    'lsisas1078',
    'virtio-transitional',
    'virtio-non-transitional',
    'ncr53c90',
    'am53c974',
    'dc390',
  ],
  usb: [
    'piix3-uhci',
    'piix4-uhci',
    'ehci',
    'ich9-ehci1',
    'ich9-uhci1',
    'ich9-uhci2',
    'ich9-uhci3',
    'vt82c686b-uhci',
    'pci-ohci',
    'nec-xhci',
    'qusb1',
    'qusb2',
    'qemu-xhci',
    'none',
  ],
  pci: [
    'pci-root',
    'pcie-root',
    'pci-bridge',
    'dmi-to-pci-bridge',
    'pcie-root-port',
    'pcie-switch-upstream-port',
    'pcie-switch-downstream-port',
    'pci-expander-bus',
    'pcie-expander-bus',
    'pcie-to-pci-bridge',
  ],
  ide: ['piix3', 'piix4', 'ich6'],
  'virtio-serial': ['virtio', 'virtio-transitional', 'virtio-non-transitional'],
}

/** `<disk><target bus>`: virDomainDiskBus (9.x, before nvme). @see virDomainDiskDefParseXML */
export const DISK_BUSES = ['ide', 'fdc', 'scsi', 'virtio', 'xen', 'usb', 'uml', 'sata', 'sd'] as const

/** `<sound model>`: virDomainSoundModel. @see virDomainSoundDefParseXML */
export const SOUND_MODELS = ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'ich7', 'virtio'] as const

/**
 * `<interface><model type>` values libvirt knows (virDomainNetModel). Any other model is kept
 * as a string and treated as a PCI Express device. @see virDomainNetSetModelString
 */
export const NET_MODELS = [
  'netfront',
  'rtl8139',
  'virtio',
  'e1000',
  'e1000e',
  'igb',
  'virtio-transitional',
  'virtio-non-transitional',
  'usb-net',
  'spapr-vlan',
  'lan9118',
  'smc91c111',
  'vlance',
  'vmxnet',
  'vmxnet2',
  'vmxnet3',
  'Am79C970A',
  'Am79C973',
  '82540EM',
  '82545EM',
  '82543GC',
] as const

/** `<input type>`: virDomainInputType. @see virDomainInputDefParseXML */
export const INPUT_TYPES = ['mouse', 'tablet', 'keyboard', 'passthrough', 'evdev'] as const

/** `<input bus>`: virDomainInputBus. @see virDomainInputDefParseXML */
export const INPUT_BUSES = ['ps2', 'usb', 'xen', 'parallels', 'virtio', 'none'] as const

/**
 * `<hostdev type>` per `<hostdev mode>`: virDomainHostdevSubsysType and virDomainHostdevCapsType.
 * @see virDomainHostdevDefParseXML
 */
export const HOSTDEV_TYPES: Readonly<Record<string, readonly string[]>> = {
  subsystem: ['usb', 'pci', 'scsi', 'scsi_host', 'mdev'],
  capabilities: ['storage', 'misc', 'net'],
}
