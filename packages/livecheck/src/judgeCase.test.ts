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
    expect(judgeCase({ ok: false, message: 'a' }, { ok: false, message: 'engine threw: x', crashed: true })).toMatchObject({ kind: 'engine-crashed', agree: false })
  })
})

describe('differencePattern', () => {
  it('blanks numbers and drive names', () => {
    expect(differencePattern('disk #2 (virtio vdab): address got bus=0x03, expected bus=0x04')).toBe(
      'disk #N (virtio vdN): address got bus=N, expected bus=N',
    )
  })
})
