import { describe, expect, it } from 'vitest'

import { expandDomain } from './expandDomain.ts'
import { dev, pc, q35 } from './testing/devices.ts'

/**
 * Thousands of one device kind (what a fuzzer's many-copies mutant makes): each step must stay
 * about linear, so an answer, accepted or refused, comes in bounded time. Before, each of these
 * took 5 to 60 s, one scan of every device per device. The bound is loose on purpose (a busy
 * 2-core machine must not fail it; the figures are for `pnpm bench`): it only catches a return
 * of the quadratic scans, which take far longer at these sizes.
 */
const BOUND_MS = 8000
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i))

function timed<T>(run: () => T): { value: T; ms: number } {
  const t0 = performance.now()
  const value = run()
  return { value, ms: performance.now() - t0 }
}

describe('expandDomain on thousands of devices of one kind', () => {
  // note: libvirt takes a single smartcard (seen live on 9.0, 11.3 and 12.8)
  it('refuses 10000 smartcards quickly', () => {
    const { value, ms } = timed(() => expandDomain(pc(many(10_000, () => dev({ kind: 'smartcard', mode: 'host' })))))
    expect(value.ok).toBe(false)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('refuses 10000 SCSI controllers (more than the PCI slots there are) quickly', () => {
    const { value, ms } = timed(() => expandDomain(pc(many(10_000, () => dev({ kind: 'controller', type: 'scsi' })))))
    expect(value.ok).toBe(false)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('refuses 10000 virtio channels (their virtio-serial controllers do not fit) quickly', () => {
    const channel = () => dev({ kind: 'channel', type: 'pty', targetType: 'virtio' })
    const { value, ms } = timed(() => expandDomain(pc(many(10_000, channel))))
    expect(value.ok).toBe(false)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('sorts 10000 SATA disks, then refuses the two that share a name', () => {
    const disk = (dst: string) => dev({ kind: 'disk', type: 'file', diskDevice: 'disk', bus: 'sata', dst })
    const { value, ms } = timed(() => expandDomain(q35(many(10_000, () => disk('sda')))))
    expect(value.ok ? undefined : value.error[0]?.code).toBe('address-conflict')
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('gives 2000 SCSI host devices the first free unit, controller by controller', () => {
    const hostdev = () => dev({ kind: 'hostdev', mode: 'subsystem', type: 'scsi' })
    const { value, ms } = timed(() => expandDomain(pc(many(2000, hostdev))))
    expect(value.ok).toBe(true)
    if (!value.ok) return
    const units = value.value.devices.flatMap((d) => (d.kind === 'hostdev' && d.address?.type === 'drive' ? [d.address] : []))
    // note: 7 units per controller on QEMU's narrow SCSI bus
    expect(units.at(-1)).toMatchObject({ controller: Math.floor(1999 / 7), unit: 1999 % 7 })
    expect(new Set(units.map((a) => `${a.controller}:${a.unit}`)).size).toBe(2000)
    expect(ms).toBeLessThan(BOUND_MS)
  })

  it('gives 10000 pSeries VIO consoles regs stepping from the default', () => {
    const serial = () => dev({ kind: 'serial', type: 'pty', targetType: 'spapr-vio-serial' })
    const { value, ms } = timed(() => expandDomain({ arch: 'ppc64', machine: 'pseries', devices: many(10_000, serial) }))
    expect(value.ok).toBe(true)
    if (!value.ok) return
    const regs = value.value.devices.flatMap((d) => (d.kind === 'serial' && d.address?.type === 'spapr-vio' ? [d.address.reg] : []))
    expect(regs).toEqual(many(10_000, (i) => 0x30000000 + i * 0x1000))
    expect(ms).toBeLessThan(BOUND_MS)
  })
})
