import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isI440fx, isQ35, isX86 } from '../machine/machineType.ts'
import { HOSTDEV_TYPES, INPUT_BUSES, INPUT_TYPES, SOUND_MODELS } from './libvirtEnums.ts'

/** Secondary video cards QEMU can add; every other model must be the primary one. */
const SECONDARY_VIDEO_MODELS = new Set(['qxl', 'virtio'])

/**
 * Device rules libvirt's QEMU driver checks once defaults are in: device models the release
 * knows, a single watchdog before 9.1 and one action for all of them after, IDE only as the builtin controller of pc and isapc,
 * secondary video models.
 * @see qemuValidateDomainDeviceDefController, qemuValidateDomainDeviceDefControllerIDE, qemuValidateDomainDeviceDefVideo, qemuValidateDomainDefWatchdogs, virDomainDefVideoValidate
 */
export function validateDevices(def: DomainDef): void {
  const { profile } = def
  const watchdogs = def.list('watchdog')
  for (const w of watchdogs)
    if (w.model !== undefined && !profile.knownWatchdogModels.includes(w.model))
      fail(
        'unsupported',
        `libvirt ${profile.version} does not know watchdog model '${w.model}'`,
        culprit(w, 'virDomainWatchdogDefParseXML'),
      )
  if (!profile.multipleWatchdogs && watchdogs.length > 1)
    fail('unsupported', `libvirt ${profile.version} supports a single watchdog device`, culprit(watchdogs[1]!, 'virDomainDefParseXML'))
  // note: seen live on 11.3 and 12.8 (an itco without an action beside a poweroff i6300esb is refused)
  const firstAction = watchdogs[0]?.action ?? 'reset'
  const other = watchdogs.find((w) => (w.action ?? 'reset') !== firstAction)
  if (other)
    fail(
      'unsupported',
      `watchdogs must all take the same action: this one's is '${other.action ?? 'reset'}', the first one's '${firstAction}'`,
      culprit(other, 'qemuValidateDomainDefWatchdogs'),
    )
  validateLsiTargets(def)
  validateSingletons(def)
  for (const p of def.list('panic'))
    if (p.model !== undefined && !profile.knownPanicModels.includes(p.model))
      fail('unsupported', `libvirt ${profile.version} does not know panic model '${p.model}'`, culprit(p, 'virDomainPanicDefParseXML'))
  if (isQ35(def))
    for (const w of watchdogs)
      if (w.model !== undefined && profile.q35RejectedWatchdogs.includes(w.model))
        fail(
          'unsupported',
          `watchdog model '${w.model}' is an ISA card: libvirt ${profile.version} does not offer it on machine '${def.machine}'`,
          culprit(w, 'qemuValidateDomainDefWatchdogs'),
        )
  if (!profile.virtioSound)
    for (const snd of def.list('sound'))
      if (snd.model === 'virtio')
        fail('unsupported', `libvirt ${profile.version} does not know sound model 'virtio'`, culprit(snd, 'virDomainSoundDefParseXML'))
  if (profile.memoryHotplugNeedsNuma && def.numaNodes === 0) {
    const dimm = def.list('memory')[0]
    if (def.memorySlots > 0 || dimm)
      fail(
        'unsupported',
        `libvirt ${profile.version} hotplugs memory only into a guest with NUMA cells (<cpu><numa>)`,
        dimm ? culprit(dimm, 'qemuValidateDomainDefMemory') : { libvirtFunction: 'qemuValidateDomainDefMemory' },
      )
  }
  for (const h of def.list('hub'))
    if (h.type !== 'usb')
      fail(
        'unsupported',
        h.type === undefined ? 'a hub needs a type (usb)' : `unknown hub type '${h.type}' (libvirt knows usb)`,
        culprit(h, 'virDomainHubDefParseXML'),
      )
  for (const s of def.list('sound'))
    if (s.model !== undefined && !(SOUND_MODELS as readonly string[]).includes(s.model))
      fail(
        'unsupported',
        `unknown sound model '${s.model}' (libvirt knows ${SOUND_MODELS.join(', ')})`,
        culprit(s, 'virDomainSoundDefParseXML'),
      )
  // note: the PIIX IDE function of pc and isapc is the only IDE controller QEMU has
  const builtinIde = isI440fx(def) || (isX86(def) && def.machine === 'isapc')
  for (const ide of def.controllers.filter((c) => c.type === 'ide')) {
    if (builtinIde && ide.index === 0) continue
    fail(
      'unsupported',
      builtinIde
        ? `machine '${def.machine}' has a single IDE controller, index 0`
        : `IDE controllers are not available on machine '${def.machine}'${isX86(def) ? " (q35 has SATA; use bus='sata')" : ''}`,
      culprit(ide, 'qemuValidateDomainDeviceDefControllerIDE'),
    )
  }
  def.list('video').forEach((v, i) => {
    if (i > 0 && v.model !== undefined && !SECONDARY_VIDEO_MODELS.has(v.model) && v.model !== 'none')
      fail(
        'unsupported',
        `video model '${v.model}' is only valid as the primary video device (secondary cards: qxl, virtio)`,
        culprit(v, 'qemuValidateDomainDeviceDefVideo'),
      )
  })
}

/**
 * Enumerations libvirt's parser refuses an unknown value of, for devices whose kind decides
 * where they go: an `<input bus>` it does not know is no USB (or PS/2, virtio…) device, so it
 * must not reach address assignment as one of no bus at all. Runs before any post-parse step.
 * @see virDomainInputDefParseXML, virDomainHostdevDefParseXML
 */
export function validateDeviceTypes(def: DomainDef): void {
  for (const i of def.list('input')) {
    if (i.type !== undefined && !(INPUT_TYPES as readonly string[]).includes(i.type))
      fail(
        'unsupported',
        `unknown input device type '${i.type}' (libvirt knows ${INPUT_TYPES.join(', ')})`,
        culprit(i, 'virDomainInputDefParseXML'),
      )
    if (i.bus !== undefined && !(INPUT_BUSES as readonly string[]).includes(i.bus))
      fail('unsupported', `unknown input bus '${i.bus}' (libvirt knows ${INPUT_BUSES.join(', ')})`, culprit(i, 'virDomainInputDefParseXML'))
  }
  for (const h of def.list('hostdev')) {
    const mode = h.mode ?? 'subsystem'
    const types = HOSTDEV_TYPES[mode]
    if (types === undefined)
      fail(
        'unsupported',
        `unknown hostdev mode '${mode}' (libvirt knows ${Object.keys(HOSTDEV_TYPES).join(', ')})`,
        culprit(h, 'virDomainHostdevDefParseXML'),
      )
    if (h.type !== undefined && !types.includes(h.type))
      fail(
        'unsupported',
        `unknown ${mode} hostdev type '${h.type}' (libvirt knows ${types.join(', ')})`,
        culprit(h, 'virDomainHostdevDefParseXML'),
      )
  }
}

/**
 * An lsilogic controller has one target: a drive address on it (a SCSI disk's, or a SCSI host
 * device's) must name target 0. Checked once the controllers drive addresses name are added and
 * have their models. Seen live on 9.0, 11.3 and 12.8.
 * @see qemuValidateDomainDeviceDefAddressDrive
 */
function validateLsiTargets(def: DomainDef): void {
  for (const d of def.iterate()) {
    const a = d.address
    if (a?.type !== 'drive' || a.target === 0 || (d.kind === 'disk' && d.bus !== 'scsi')) continue
    if (def.findController('scsi', a.controller)?.model !== 'lsilogic') continue
    fail(
      'invalid-address',
      `drive address controller=${a.controller} bus=${a.bus} target=${a.target} unit=${a.unit}: an lsilogic controller has a single target, target 0`,
      culprit(d, 'qemuValidateDomainDeviceDefAddressDrive'),
    )
  }
}

/**
 * Devices a domain holds one of (or one of a sort): one primary video card (and a video of model
 * none only alone), one TPM besides a
 * pSeries TPM proxy, one IOMMU until libvirt 12, one smartcard, each host PCI device once; and no tablet on
 * PS/2. Seen live on 9.0, 11.3 and 12.8 (12.8 takes two IOMMUs).
 * @see qemuValidateDomainDefTPMs, virDomainDefVideoValidate, virDomainDefParseXML, virDomainHostdevInsert
 */
function validateSingletons(def: DomainDef): void {
  const videos = def.list('video')
  const none = videos.find((v) => v.model === 'none')
  if (none && videos.length > 1)
    fail('unsupported', "a video of model 'none' must be the domain's only video device", culprit(none, 'virDomainDefVideoValidate'))
  const primaries = videos.filter((v) => v.primary === true)
  if (primaries.length > 1) fail('unsupported', 'only one video card can be primary', culprit(primaries[1]!, 'virDomainDefVideoValidate'))
  const tpms = def.list('tpm').filter((t) => t.model !== 'spapr-tpm-proxy')
  if (tpms.length > 1)
    fail('unsupported', 'a domain holds a single TPM (besides a TPM proxy)', culprit(tpms[1]!, 'qemuValidateDomainDefTPMs'))
  const iommus = def.list('iommu')
  if (!def.profile.multipleIommus && iommus.length > 1)
    fail('unsupported', `libvirt ${def.profile.version} supports a single IOMMU device`, culprit(iommus[1]!, 'virDomainDefParseXML'))
  const smartcards = def.list('smartcard')
  if (smartcards.length > 1)
    fail('unsupported', 'QEMU takes a single smartcard device', culprit(smartcards[1]!, 'qemuValidateDomainSmartcardDef'))
  for (const i of def.list('input'))
    if (i.bus === 'ps2' && i.type === 'tablet')
      fail('unsupported', 'a tablet is no PS/2 device: use bus usb or virtio', culprit(i, 'virDomainInputDefValidate'))
  const hosts = new Set<string>()
  for (const h of def.list('hostdev')) {
    if (h.type !== 'pci' || h.hostAddress === undefined) continue
    if (hosts.has(h.hostAddress))
      fail('address-conflict', `host PCI device ${h.hostAddress} is passed through twice`, culprit(h, 'virDomainHostdevInsert'))
    hosts.add(h.hostAddress)
  }
}
