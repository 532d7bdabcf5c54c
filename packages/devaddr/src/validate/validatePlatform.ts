import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isArmVirt, isPSeries, isQ35, isS390, isX86 } from '../machine/machineType.ts'
import { machineVcpuLimit } from '../machine/machineVcpuLimit.ts'
import { hasCap } from '../machine/qemuCapabilities.ts'
import type { Device } from '../model/device.ts'
import { MAX_VCPUS_WITHOUT_EIM } from '../postparse/manyVcpusIommu.ts'

/**
 * What the guest platform must offer for the devices it holds, as libvirt's QEMU driver checks
 * it at define: the machines each IOMMU model exists on and virtio-iommu's ACPI tables, ACPI
 * and UEFI on the arches that tie them together, the q35-only iTCO watchdog, the shared
 * memory vhost-user devices and virtiofs need, a QEMU with virtio-pmem, a SPICE display for
 * spicevmc and spiceport backends, a QEMU with the ISA pvpanic device for an ISA panic, and
 * (11.3) a medium in every USB disk.
 * @see qemuValidateDomainDefPanic, qemuValidateDomainDeviceDefIOMMU, qemuValidateDomainDef, qemuValidateDomainWatchdogDef, qemuValidateDomainDefVhostUserRequireSharedMemory, qemuValidateDomainDeviceDefMemory, qemuValidateDomainChrSourceDef, qemuDomainDeviceDiskDefPostParse
 */
export function validatePlatform(def: DomainDef): void {
  validateVcpus(def)
  validateIommus(def)
  validateFirmware(def)
  for (const w of def.list('watchdog'))
    if (w.model === 'itco' && !isQ35(def))
      fail('unsupported', `watchdog model 'itco' is part of the q35 chipset only`, culprit(w, 'qemuValidateDomainWatchdogDef'))
    else if (w.model === 'diag288' && !isS390(def))
      fail('unsupported', `watchdog model 'diag288' is s390's only (s390, s390x)`, culprit(w, 'qemuValidateDomainWatchdogDef'))
  for (const d of sharedMemoryUsers(def))
    if (!def.sharedMemory)
      fail(
        'unsupported',
        `${sharedMemoryUse(d)} requires shared guest memory: <memoryBacking><access mode='shared'/></memoryBacking>, or memAccess='shared' on every NUMA cell`,
        culprit(d, 'qemuValidateDomainDefVhostUserRequireSharedMemory'),
      )
  validateSpiceChannels(def)
  validatePanics(def)
  for (const m of def.list('memory'))
    if (m.model === 'virtio-pmem' && !hasCap(def.caps, 'virtio-pmem-pci'))
      fail('unsupported', `this QEMU has no virtio-pmem device on ${def.arch}`, culprit(m, 'qemuValidateDomainDeviceDefMemory'))
  if (def.profile.rejectsEmptyUsbCdrom)
    for (const d of def.list('disk'))
      if (d.bus === 'usb' && d.emptyMedium === true)
        fail(
          'unsupported',
          `libvirt ${def.profile.version} refuses a USB ${d.diskDevice ?? 'disk'} without a medium (give it a <source>)`,
          culprit(d, 'qemuDomainDeviceDiskDefPostParse'),
        )
}

/** The devices whose `type` names a character device backend (a smartcard only in passthrough mode). */
const CHARDEV_KINDS = ['serial', 'parallel', 'console', 'channel', 'redirdev', 'smartcard'] as const

/** A spicevmc or spiceport backend talks to the SPICE server: none without a SPICE display. @see qemuValidateDomainChrSourceDef */
function validateSpiceChannels(def: DomainDef): void {
  if (def.list('graphics').some((g) => g.type === 'spice')) return
  for (const kind of CHARDEV_KINDS)
    for (const d of def.list(kind)) {
      if (d.type !== 'spicevmc' && d.type !== 'spiceport') continue
      if (kind === 'smartcard' && d.mode !== 'passthrough') continue
      fail(
        'unsupported',
        `chardev '${d.type}' not supported without spice graphics: add <graphics type='spice'/> or use another backend`,
        culprit(d, 'qemuValidateDomainChrSourceDef'),
      )
    }
}

/**
 * A panic of model isa (also what a model-less one is, but on pSeries, s390 and, from libvirt
 * 11, ARM virt) is QEMU's ISA pvpanic device, which only x86's QEMU has; hyperv is an x86 CPU
 * feature. Seen live on aarch64 virt: 9.0 refuses a model-less panic, every release one of
 * model isa or hyperv.
 * @see qemuValidateDomainDefPanic
 */
function validatePanics(def: DomainDef): void {
  for (const p of def.list('panic')) {
    const at = culprit(p, 'qemuValidateDomainDefPanic')
    const isa = p.model === 'isa' || (p.model === undefined && !isPSeries(def) && !isS390(def))
    if (isa && !hasCap(def.caps, 'pvpanic'))
      fail('unsupported', `this QEMU has no ISA panic device (pvpanic) on ${def.arch}: use <panic model='pvpanic'/>`, at)
    if (p.model === 'hyperv' && !isX86(def))
      fail('unsupported', `panic model 'hyperv' is a feature of x86 guests only, not ${def.arch}`, at)
  }
}

/**
 * The machine type takes the guest's vCPUs, and above 255 on x86 an IOMMU gives them extended
 * interrupt mode (until libvirt 12: `profile.manyVcpusNeedEim`).
 * @see qemuValidateDomainDef
 */
function validateVcpus(def: DomainDef): void {
  const vcpus = def.vcpus ?? 1
  const site = { libvirtFunction: 'qemuValidateDomainDef' } as const
  const limit = machineVcpuLimit(def, def.qemu)
  if (limit !== undefined && vcpus > limit)
    fail('unsupported', `${vcpus} vCPUs are more than machine type '${def.machine}' takes: at most ${limit}`, site)
  if (def.profile.manyVcpusNeedEim && isX86(def) && vcpus > MAX_VCPUS_WITHOUT_EIM && !def.list('iommu').some((i) => i.eim === 'on'))
    fail(
      'unsupported',
      `more than ${MAX_VCPUS_WITHOUT_EIM} vCPUs (here ${vcpus}) need an IOMMU in extended interrupt mode: <iommu model='intel'><driver intremap='on' eim='on'/></iommu>, with <features><ioapic driver='qemu'/></features>`,
      site,
    )
}

/** @see qemuValidateDomainDeviceDefIOMMU, virDomainDefIOMMUValidate */
function validateIommus(def: DomainDef): void {
  for (const iommu of def.list('iommu')) {
    if (iommu.intremap === 'on' && def.ioapic !== 'qemu')
      fail(
        'unsupported',
        `interrupt remapping (intremap='on') needs the split I/O APIC: <features><ioapic driver='qemu'/></features>${def.ioapic === undefined ? '' : `, not driver='${def.ioapic}'`}`,
        culprit(iommu, 'virDomainDefIOMMUValidate'),
      )
    if (iommu.eim === 'on' && iommu.intremap !== 'on')
      fail(
        'unsupported',
        `extended interrupt mode (eim='on') needs interrupt remapping: intremap='on'`,
        culprit(iommu, 'virDomainDefIOMMUValidate'),
      )
    const at = culprit(iommu, 'qemuValidateDomainDeviceDefIOMMU')
    if (iommu.model === 'intel' && !isQ35(def))
      fail('unsupported', `IOMMU model 'intel' exists only on q35 machines, not on '${def.machine}'`, at)
    if (iommu.model === 'smmuv3' && !isArmVirt(def))
      fail('unsupported', `IOMMU model 'smmuv3' exists only on ARM virt machines, not on '${def.machine}'`, at)
    if (iommu.model === 'virtio') {
      if (!isQ35(def) && !isArmVirt(def))
        fail('unsupported', `IOMMU model 'virtio' exists only on q35 and ARM virt machines, not on '${def.machine}'`, at)
      if (!def.features.has('acpi'))
        fail('unsupported', `IOMMU model 'virtio' is described to the guest by ACPI: add <features><acpi/></features>`, at)
    }
  }
}

/** @see qemuValidateDomainDef */
function validateFirmware(def: DomainDef): void {
  const site = { libvirtFunction: 'qemuValidateDomainDef' } as const
  if (def.firmware === 'efi' && isX86(def) && !def.features.has('acpi'))
    fail('unsupported', 'UEFI firmware on x86 needs ACPI: add <features><acpi/></features>', site)
  if (def.features.has('acpi') && def.arch === 'aarch64' && def.firmware !== 'efi')
    fail('unsupported', "ACPI on aarch64 needs UEFI firmware (<os firmware='efi'>), or leave <acpi/> out", site)
}

/** vhost-user disks and NICs (NICs from libvirt 11) and virtiofs filesystems. */
function sharedMemoryUsers(def: DomainDef): Device[] {
  return [
    ...def.list('disk').filter((d) => d.type === 'vhostuser' || d.type === 'vhostvdpa'),
    ...(def.profile.vhostUserNicNeedsSharedMemory ? def.list('interface').filter((n) => n.type === 'vhostuser') : []),
    ...def.list('filesystem').filter((f) => f.driverType === 'virtiofs'),
  ]
}

function sharedMemoryUse(d: Device): string {
  if (d.kind === 'filesystem') return 'a virtiofs filesystem'
  if (d.kind === 'interface') return 'a vhost-user interface'
  return d.type === 'vhostvdpa' ? 'a vhost-vdpa disk' : 'a vhost-user disk'
}
