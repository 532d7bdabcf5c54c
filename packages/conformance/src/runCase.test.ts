import { describe, expect, it } from 'vitest'
import { removedCapabilities } from './runCase.ts'

describe('removedCapabilities', () => {
  it("reads the capabilities a libvirt test deleted, in the engine's naming", () => {
    expect(removedCapabilities(['ARG_QEMU_CAPS_DEL', 'QEMU_CAPS_PIIX3_USB_UHCI', 'QEMU_CAPS_LAST'])).toEqual(['piix3-usb-uhci'])
    expect(removedCapabilities(['ARG_GIC', 'GIC_V3'])).toEqual([])
    expect(removedCapabilities(undefined)).toEqual([])
  })
})

describe('removedCapabilities', () => {
  it("reads the capabilities a libvirt test deleted, in the engine's naming", () => {
    expect(removedCapabilities(['ARG_QEMU_CAPS_DEL', 'QEMU_CAPS_PIIX3_USB_UHCI', 'QEMU_CAPS_LAST'])).toEqual(['piix3-usb-uhci'])
    expect(removedCapabilities(['ARG_GIC', 'GIC_V3'])).toEqual([])
    expect(removedCapabilities(undefined)).toEqual([])
  })
})
