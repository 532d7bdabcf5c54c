import { describe, expect, it } from 'vitest'

import { differencePattern, judgeCase } from './judgeCase.ts'

const domain = (slot: string): string =>
  `<domain><devices><disk><target dev='vda' bus='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='${slot}' function='0x0'/></disk></devices></domain>`

describe('judgeCase', () => {
  it('agrees when addresses match, numbers compared by value', () => {
    expect(judgeCase({ ok: true, xml: domain('0x03') }, { ok: true, xml: domain('3') })).toMatchObject({ kind: 'match', agree: true })
  })

  it('reports the first address difference', () => {
    const v = judgeCase({ ok: true, xml: domain('0x03') }, { ok: true, xml: domain('0x04') })
    expect(v.kind).toBe('differs')
    expect(v.first).toContain('slot=0x04, expected slot=0x03')
  })

  it('counts both rejecting as agreement, one-sided rejections as failures', () => {
    expect(judgeCase({ ok: false, message: 'a' }, { ok: false, message: 'b' })).toMatchObject({ kind: 'both-rejected', agree: true })
    expect(judgeCase({ ok: false, message: 'a' }, { ok: true, xml: domain('1') })).toMatchObject({ kind: 'libvirt-rejected', agree: false })
    expect(judgeCase({ ok: true, xml: domain('1') }, { ok: false, message: 'b' })).toMatchObject({ kind: 'engine-rejected', agree: false })
  })

  it('never counts an engine crash as agreement', () => {
    expect(judgeCase({ ok: false, message: 'a' }, { ok: false, message: 'engine threw: x', crashed: true })).toMatchObject({
      kind: 'engine-crashed',
      agree: false,
    })
  })
})

describe('differencePattern', () => {
  it('blanks numbers and drive names', () => {
    expect(differencePattern('disk #2 (virtio vdab): address got bus=0x03, expected bus=0x04')).toBe(
      'disk #N (virtio vdN): address got bus=N, expected bus=N',
    )
  })

  it('compares controllers in order, or sorted by type and index with anyControllerOrder', () => {
    const a = `<domain><devices><controller type='usb' index='0'/><controller type='pci' index='0' model='pcie-root'/></devices></domain>`
    const b = `<domain><devices><controller type='pci' index='0' model='pcie-root'/><controller type='usb' index='0'/></devices></domain>`
    expect(judgeCase({ ok: true, xml: a }, { ok: true, xml: b }).kind).toBe('differs')
    expect(judgeCase({ ok: true, xml: a }, { ok: true, xml: b }, { anyControllerOrder: true }).kind).toBe('match')
  })
})
