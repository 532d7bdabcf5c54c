import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import type { Device } from '../model/device.ts'
import { domainArb } from '../testing/arbitraries.ts'
import { cloneDevice, plainDevice, unsetField, workingCopy } from './workingDevice.ts'

describe('cloneDevice', () => {
  // note: plain data with fields set to undefined at any depth, in objects and in arrays
  const plain = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(undefined),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
    ),
  }))
  const device = fc.record({ id: fc.string(), kind: fc.constant('disk' as const), extra: fc.dictionary(fc.string(), plain.value) })

  it('copies a device as a JSON round trip would, sharing no object with it', () => {
    fc.assert(
      fc.property(device, (d) => {
        const copy = cloneDevice(d as unknown as Device)
        expect(copy).toStrictEqual(JSON.parse(JSON.stringify(d)))
        expect(copy).not.toBe(d)
        if (typeof d.extra === 'object') expect((copy as unknown as { extra: unknown }).extra).not.toBe(d.extra)
      }),
    )
  })

  it('keeps an own __proto__ field a field, as JSON.parse makes it', () => {
    const d = JSON.parse('{"id":"d","kind":"disk","extra":{"__proto__":[1]}}') as Device
    const copy = cloneDevice(d) as unknown as { extra: object }
    expect(Object.getPrototypeOf(copy.extra)).toBe(Object.prototype)
    expect(copy).toStrictEqual(JSON.parse(JSON.stringify(d)))
  })

  it('copies own fields only, even when Object.prototype has an enumerable one', () => {
    const proto = Object.prototype as Record<string, unknown>
    proto['polluted'] = 1
    try {
      const copy = cloneDevice({ id: 'd', kind: 'disk', address: { type: 'pci', bus: 1 } } as Device)
      expect(Object.keys(copy)).toEqual(['id', 'kind', 'address'])
      expect(Object.keys(copy.address!)).toEqual(['type', 'bus'])
    } finally {
      delete proto['polluted']
    }
  })
})

describe('workingCopy', () => {
  const devices = domainArb.map((d) => d.devices).filter((ds) => ds.length > 0)

  it('gives every device one shape: the same fields in the same order', () => {
    fc.assert(
      fc.property(devices, (ds) => {
        const shapes = new Set(ds.map((d) => Object.keys(workingCopy(d)).join(',')))
        expect(shapes.size).toBe(1)
      }),
    )
  })

  it('turns back into the device it copied, sharing no object with it', () => {
    fc.assert(
      fc.property(devices, (ds) => {
        for (const d of ds) {
          const w = workingCopy(d)
          expect(plainDevice(w)).toStrictEqual(cloneDevice(d))
          if (d.address) expect(w.address).not.toBe(d.address)
          if (d.target) expect(w.target).not.toBe(d.target)
        }
      }),
    )
  })

  it('keeps a cleared field out of the public shape', () => {
    const w = workingCopy({ id: 'c', kind: 'controller', origin: 'input', type: 'scsi', model: 'auto' })
    unsetField(w, 'model')
    expect(Object.keys(w)).toEqual(Object.keys(workingCopy({ id: 'x', kind: 'disk', origin: 'input' })))
    expect(plainDevice(w)).toStrictEqual({ id: 'c', kind: 'controller', origin: 'input', type: 'scsi' })
  })

  it('leaves no working field or undefined field in what expandDomain returns', () => {
    fc.assert(
      fc.property(domainArb, (input) => {
        const r = expandDomain(input, { newDomain: true })
        if (!r.ok) return
        for (const d of r.value.devices) {
          expect(Object.values(d)).not.toContain(undefined)
          expect(d).not.toHaveProperty('pciFlags')
        }
      }),
      { numRuns: 50 },
    )
  })
})
