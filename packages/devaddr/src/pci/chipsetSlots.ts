import type { DomainDef } from '../domain/domainDef.ts'
import { culprit, type LibvirtFunction } from '../errors.ts'
import { fail } from '../failure.ts'
import { isI440fx, isQ35 } from '../machine/machineType.ts'
import { formatPciAddress, type PciAddress } from '../model/address.ts'
import type { Device } from '../model/device.ts'
import * as F from './connectFlags.ts'
import { isPciWanted, pciAddressOf } from './pciAddressPredicates.ts'
import type { PciAddressSet, PciSlotAddress } from './pciAddressSet.ts'

const pci = (a: PciSlotAddress, multifunction?: 'on'): PciAddress => ({
  type: 'pci',
  domain: 0,
  bus: a.bus,
  slot: a.slot,
  function: a.function,
  ...(multifunction ? { multifunction } : {}),
})

const same = (a: PciAddress, b: PciSlotAddress) => a.domain === 0 && a.bus === b.bus && a.slot === b.slot && a.function === b.function

function placedByChipset(def: DomainDef, d: Device, why: string): void {
  def.chipsetPlaced.add(d)
  def.trace.note(d, why)
}

/** Context the chipset step needs from the PCI pass. */
export interface ChipsetContext {
  addrs: PciAddressSet
  /** reserves the next free slot for a device (writes the address outside a dry run) */
  assignNext: (d: Device) => void
}

/**
 * Places and reserves what the machine's chipset fixes: PIIX3 on slot 1 of i440fx, ICH9 on
 * 1f of q35, the primary video, q35's USB2 and audio slots.
 * @see qemuDomainValidateDevicePCISlotsChipsets
 */
export function reserveChipsetSlots(def: DomainDef, ctx: ChipsetContext): void {
  if (isI440fx(def)) reservePiix3(def, ctx)
  if (isQ35(def)) reserveQ35(def, ctx)
}

function fixedSlot(
  ctx: ChipsetContext,
  a: PciSlotAddress,
  flags: F.ConnectFlags,
  what: string,
  machine: string,
  libvirtFunction: LibvirtFunction,
): void {
  ctx.addrs.reserve(
    a,
    flags,
    0,
    true,
    { label: what },
    {
      message: () => `slot ${a.slot} function ${a.function} of bus ${a.bus} is reserved for ${what} on machine '${machine}'`,
      libvirtFunction,
    },
  )
}

/** @see qemuDomainValidateDevicePCISlotsPIIX3 */
function reservePiix3(def: DomainDef, ctx: ChipsetContext): void {
  const { addrs } = ctx
  const flags = F.AUTOASSIGN | F.PCI_DEVICE
  const ide: PciSlotAddress = { bus: 0, slot: 1, function: 1 }
  const usb: PciSlotAddress = { bus: 0, slot: 1, function: 2 }
  for (const c of def.controllers) {
    let fixed: PciSlotAddress
    if (c.type === 'ide' && c.index === 0) fixed = ide
    else if (c.type === 'usb' && c.index === 0 && (c.model === 'piix3-uhci' || c.model === undefined)) fixed = usb
    else continue
    const present = pciAddressOf(c)
    if (present) {
      if (!same(present, fixed))
        fail(
          'reserved-slot',
          c.type === 'ide'
            ? 'the primary IDE controller is part of the PIIX3 chipset and must have PCI address 0000:00:01.1'
            : 'the PIIX3 USB controller at index 0 is part of the chipset and must have PCI address 0000:00:01.2',
          culprit(c, 'qemuDomainValidateDevicePCISlotsPIIX3', formatPciAddress(present)),
        )
    } else {
      c.address = pci(fixed)
      // note: chipset placements persist from the dry run, so they are explained there
      placedByChipset(def, c, `part of the PIIX3 chipset: always at 0000:00:01.${fixed.function} on machine '${def.machine}'`)
    }
    const part = c.type === 'ide' ? 'IDE' : 'USB'
    if (addrs.nbuses)
      addrs.reserve(fixed, flags, 0, true, c, {
        message: () => `slot 1 function ${fixed.function} of bus 0 belongs to the PIIX3 ${part} controller on machine '${def.machine}'`,
        libvirtFunction: 'qemuDomainValidateDevicePCISlotsPIIX3',
      })
  }
  if (addrs.nbuses) {
    fixedSlot(ctx, { bus: 0, slot: 1, function: 0 }, flags, 'the PIIX3 ISA bridge', def.machine, 'qemuDomainValidateDevicePCISlotsPIIX3')
    fixedSlot(
      ctx,
      { bus: 0, slot: 1, function: 3 },
      flags,
      'the PIIX3 power management bridge',
      def.machine,
      'qemuDomainValidateDevicePCISlotsPIIX3',
    )
  }
  placePrimaryVideo(def, ctx, 2, flags)
}

function placePrimaryVideo(def: DomainDef, ctx: ChipsetContext, slot: number, flags: F.ConnectFlags): void {
  const video = def.list('video')[0]
  if (!video || video.model === 'none' || video.model === 'ramfb' || !isPciWanted(video)) return
  const a: PciSlotAddress = { bus: 0, slot, function: 0 }
  ctx.addrs.validate(a, flags, true, video)
  if (ctx.addrs.slotInUse(a)) {
    ctx.assignNext(video)
  } else {
    ctx.addrs.reserve(a, flags, 0, true, video)
    video.address = pci(a)
    // note: chipset placements persist from the dry run, so they are explained there
    placedByChipset(def, video, `primary video: QEMU puts the first VGA device in the first free slot after the chipset, slot ${slot}`)
  }
}

/** @see qemuDomainValidateDevicePCISlotsQ35 */
function reserveQ35(def: DomainDef, ctx: ChipsetContext): void {
  const { addrs } = ctx
  const flags = F.PCIE_DEVICE
  const sata: PciSlotAddress = { bus: 0, slot: 0x1f, function: 2 }
  for (const c of def.controllers) {
    if (c.type === 'sata' && c.index === 0) {
      const present = pciAddressOf(c)
      if (present) {
        if (!same(present, sata))
          fail(
            'reserved-slot',
            'the primary SATA controller is part of the ICH9 chipset and must have PCI address 0000:00:1f.2',
            culprit(c, 'qemuDomainValidateDevicePCISlotsQ35', formatPciAddress(present)),
          )
      } else {
        c.address = pci(sata)
        // note: chipset placements persist from the dry run, so they are explained there
        placedByChipset(def, c, 'the ICH9 chipset fixes the primary SATA controller at 0000:00:1f.2')
      }
    } else if (c.type === 'usb' && c.model === 'ich9-uhci1' && c.address === undefined) {
      // the first USB2 set goes to 1d, the second to 1a, as on real ICH9 hardware
      let a: PciSlotAddress | undefined = { bus: 0, slot: 0x1d, function: 0 }
      if (addrs.slotInUse(a)) {
        a = { bus: 0, slot: 0x1a, function: 0 }
        if (addrs.slotInUse(a)) a = undefined
      }
      if (a) {
        addrs.reserve(a, flags, 0, true, c)
        c.address = pci(a, 'on')
        // note: chipset placements persist from the dry run, so they are explained there
        placedByChipset(def, c, `USB2 companion set: placed at the ICH9 USB slot 0x${a.slot.toString(16)} as on real hardware`)
      }
    } else if (c.type === 'pci' && c.model === 'dmi-to-pci-bridge' && c.address === undefined) {
      const a: PciSlotAddress = { bus: 0, slot: 0x1e, function: 0 }
      if (!addrs.slotInUse(a)) {
        addrs.reserve(a, flags, 0, true, c)
        c.address = pci(a)
        // note: chipset placements persist from the dry run, so they are explained there
        placedByChipset(def, c, 'dmi-to-pci-bridge: placed at 00:1e.0, its place on real ICH9 hardware')
      }
    }
  }
  if (addrs.nbuses) {
    fixedSlot(
      ctx,
      { bus: 0, slot: 0x1f, function: 0 },
      flags,
      'the ICH9 LPC/ISA bridge',
      def.machine,
      'qemuDomainValidateDevicePCISlotsQ35',
    )
    fixedSlot(
      ctx,
      { bus: 0, slot: 0x1f, function: 3 },
      flags,
      'the ICH9 SMBus controller',
      def.machine,
      'qemuDomainValidateDevicePCISlotsQ35',
    )
  }
  placePrimaryVideo(def, ctx, 1, flags)
  const audio: PciSlotAddress = { bus: 0, slot: 0x1b, function: 0 }
  if (!addrs.slotInUse(audio)) {
    const sound = def.list('sound').find((s) => s.model === 'ich9' && isPciWanted(s))
    if (sound) {
      addrs.reserve(audio, flags, 0, true, sound)
      sound.address = pci(audio)
      // note: chipset placements persist from the dry run, so they are explained there
      placedByChipset(def, sound, 'ICH9 HD audio: placed at 00:1b.0, its place on real ICH9 hardware')
    }
  }
}
