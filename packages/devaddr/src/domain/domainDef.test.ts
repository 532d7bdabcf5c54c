import { describe, expect, it } from 'vitest'

import type { Device } from '../model/device.ts'
import { diskNameToIndex } from '../model/diskName.ts'
import { assignControllerIndexes } from '../postparse/assignControllerIndexes.ts'
import { dev, q35 } from '../testing/devices.ts'
import { DomainDef } from './domainDef.ts'

/** A small seeded generator, so a failing case can be run again. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s >>> 16) % n
  }
}

/** libvirt's insertion rule, written as a plain scan of the whole list: the oracle. */
function insertByScan(list: Device[], ctrl: Device): void {
  let at = -1
  for (let i = list.length - 1; i >= 0; i--) {
    const cur = list[i]!
    if (cur.type !== ctrl.type) continue
    if (ctrl.index === undefined) {
      at = i + 1
      break
    }
    if ((cur.index ?? -1) > ctrl.index) at = i
    else if (ctrl.masterStartport === undefined && cur.masterStartport !== undefined && cur.index === ctrl.index) at = i
    else if (at === -1) at = i + 1
  }
  if (at === -1) list.push(ctrl)
  else list.splice(at, 0, ctrl)
}

function randomController(next: (n: number) => number): Device {
  const type = ['scsi', 'sata', 'usb'][next(3)]!
  const c = dev({ kind: 'controller', type, model: type === 'usb' ? 'ich9-ehci1' : 'auto' })
  if (next(5) > 0) c.index = next(6)
  if (type === 'usb' && next(3) === 0) c.masterStartport = 0
  return c
}

function expectFirstFound(def: DomainDef, label: string): void {
  for (const type of ['scsi', 'sata', 'usb'])
    for (let index = 0; index < 8; index++)
      expect(def.findController(type, index), `${label}: ${type}:${index}`).toBe(
        def.controllers.find((c) => c.type === type && c.index === index),
      )
}

describe('DomainDef controllers', () => {
  it('keeps libvirt list order and finds the first controller of each type and index, for any insertion order', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed)
      const input = Array.from({ length: 1 + next(12) }, () => randomController(next))
      const def = new DomainDef(q35(input))
      def.configure({ libvirtVersion: '11.3' })
      const ids = (list: Device[]) => list.map((c) => c.id)
      const parsed: Device[] = []
      for (const c of input) insertByScan(parsed, c)
      expect(ids(def.controllers), `seed ${seed}`).toEqual(ids(parsed))
      expectFirstFound(def, `seed ${seed}, as parsed`)
      assignControllerIndexes(def)
      // note: the controllers added later go in by index (11.3), each checked against the oracle
      const oracle = [...def.controllers]
      for (let k = 0; k < 4; k++) {
        const added = def.maybeAddController(['scsi', 'sata'][next(2)]!, next(8), undefined, 'implicit')
        if (added) insertByScan(oracle, added)
      }
      expect(ids(def.controllers), `seed ${seed}`).toEqual(ids(oracle))
      expectFirstFound(def, `seed ${seed}`)
    }
  })

  it('adds the controllers up to a high index in time that grows linearly', () => {
    const def = new DomainDef(q35([]))
    def.configure({ libvirtVersion: '11.3' })
    const t0 = performance.now()
    for (let i = 0; i <= 8191; i++) def.maybeAddController('sata', i, undefined, 'implicit')
    expect(performance.now() - t0).toBeLessThan(500)
    expect(def.controllers.map((c) => c.index)).toEqual(Array.from({ length: 8192 }, (_, i) => i))
    expect(def.findController('sata', 8191)?.index).toBe(8191)
  })
})

describe('DomainDef disks', () => {
  it('sorts the disks of each bus by name as libvirt inserts them, for any input order', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed)
      const input = Array.from({ length: 1 + next(12) }, () =>
        dev({ kind: 'disk', bus: ['sata', 'scsi', 'virtio'][next(3)]!, dst: ['sda', 'sdb', 'sdc', 'sdaa', 'vda', 'x'][next(6)]! }),
      )
      // note: libvirt's rule as a plain scan: before the first of the bus with a higher name index
      const oracle: Device[] = []
      for (const d of input) {
        let at = -1
        for (let i = oracle.length - 1; i >= 0; i--) {
          if (oracle[i]!.bus !== d.bus) continue
          if (diskNameToIndex(oracle[i]!.dst) > diskNameToIndex(d.dst)) at = i
          else if (at === -1) at = i + 1
        }
        if (at === -1) oracle.push(d)
        else oracle.splice(at, 0, d)
      }
      expect(
        new DomainDef(q35(input)).list('disk').map((d) => d.id),
        `seed ${seed}`,
      ).toEqual(oracle.map((d) => d.id))
    }
  })
})
