import { describe, expect, it } from 'vitest'

import { DomainDef } from '../domain/domainDef.ts'
import { dev, q35 } from '../testing/devices.ts'
import { assignControllerIndexes } from './assignControllerIndexes.ts'

describe('assignControllerIndexes', () => {
  it('gives each controller without an index the lowest free index of its type', () => {
    const input = q35([
      dev({ kind: 'controller', type: 'scsi', index: 1 }),
      dev({ kind: 'controller', type: 'scsi' }),
      dev({ kind: 'controller', type: 'scsi' }),
      dev({ kind: 'controller', type: 'virtio-serial' }),
    ])
    const def = new DomainDef(input)
    assignControllerIndexes(def)
    const indexOf = (i: number) => def.controllers.find((c) => c.id === input.devices[i]!.id)?.index
    expect([0, 1, 2, 3].map(indexOf)).toEqual([1, 0, 2, 0])
  })

  it('types a controller without a type as IDE, libvirt default', () => {
    const def = new DomainDef(q35([dev({ kind: 'controller' })]))
    assignControllerIndexes(def)
    expect(def.controllers[0]).toMatchObject({ type: 'ide', index: 0 })
  })

  it('takes time linear in the number of controllers', () => {
    const def = new DomainDef(q35(Array.from({ length: 20_000 }, () => dev({ kind: 'controller', type: 'scsi' }))))
    const t0 = performance.now()
    assignControllerIndexes(def)
    expect(performance.now() - t0).toBeLessThan(500)
    expect(def.controllers.at(-1)?.index).toBe(19_999)
  })
})
