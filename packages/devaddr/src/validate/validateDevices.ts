import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isQ35 } from '../machine/machineType.ts'

/** Secondary video cards QEMU can add; every other model must be the primary one. */
const SECONDARY_VIDEO_MODELS = new Set(['qxl', 'virtio'])

/**
 * Device rules libvirt's QEMU driver checks once defaults are in: device models the release
 * knows, a single watchdog before 9.1, no IDE on q35, secondary video models.
 * @see qemuValidateDomainDeviceDefController, qemuValidateDomainDeviceDefVideo, qemuValidateDomainDefWatchdogs
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
  if (isQ35(def)) {
    const ide = def.controllers.find((c) => c.type === 'ide')
    if (ide)
      fail(
        'unsupported',
        `IDE controllers are not available on machine '${def.machine}' (q35 has SATA; use bus='sata')`,
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
