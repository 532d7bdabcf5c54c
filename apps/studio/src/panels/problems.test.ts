import type { AddrError, ExpansionWarning } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { refusalNotice } from '../queries/refusalNotice.ts'
import { listProblems, warningsAbout } from './problems.ts'

const present = new Set(['disk0', 'disk1', 'controller-pci3'])

describe('listProblems', () => {
  it('links a warning to the first of its deviceIds on screen, and none when it has no ids', () => {
    const warnings: ExpansionWarning[] = [
      { code: 'hotplug-slots', message: 'no free hotplug slot on disk vda', deviceIds: ['gone0', 'controller-pci3'] },
      // note: the message names disk1, but only ids link
      { code: 'io-port-space', message: 'disk1 and disk0 use IO port space' },
    ]
    const problems = listProblems(warnings, null, present)
    expect(problems.map((p) => [p.kind, p.code, p.deviceId])).toEqual([
      ['warning', 'hotplug-slots', 'controller-pci3'],
      ['warning', 'io-port-space', undefined],
    ])
    expect(problems[0]?.text).toBe('hotplug-slots: no free hotplug slot on disk vda')
  })

  it('lists each engine error of a refused edit, linked by its deviceId', () => {
    const errors: AddrError[] = [
      { code: 'address-conflict', message: 'PCI address already in use', device: 'disk vdb', deviceId: 'disk1', address: '0000:05:00.0' },
      { code: 'no-free-slot', message: 'no slot left' },
    ]
    const notice = refusalNotice(
      { type: 'set-address', deviceId: 'disk0', title: 'disk vda', address: { type: 'pci', domain: 0, bus: 5, slot: 0, function: 0 } },
      { kind: 'addr', errors, messages: [] },
    )
    expect(notice.kind === 'error' && notice.refused?.errors).toEqual(errors)
    const problems = listProblems([], notice, present)
    expect(problems.map((p) => [p.kind, p.code, p.deviceId])).toEqual([
      ['error', 'address-conflict', 'disk1'],
      // no id from the engine: the device the edit was about
      ['error', 'no-free-slot', 'disk0'],
    ])
    expect(problems[0]?.text).toBe('move disk vda to 0000:05:00.0: refused. disk vdb at 0000:05:00.0: PCI address already in use')
  })

  it('links nothing that is not on screen (a refused add)', () => {
    const notice = refusalNotice(
      { type: 'add-device', device: { id: 'new-interface0', kind: 'interface', origin: 'input' }, title: 'virtio NIC' },
      { kind: 'addr', errors: [{ code: 'no-free-slot', message: 'full', deviceId: 'new-interface0' }], messages: [] },
    )
    expect(listProblems([], notice, present).map((p) => p.deviceId)).toEqual([undefined])
  })

  it('keeps a plain error notice as one line, linked by its deviceId; info notices are not problems', () => {
    expect(listProblems([], { kind: 'error', text: 'Bus 3 has no free slot', deviceId: 'disk0' }, present)).toEqual([
      { kind: 'error', text: 'Bus 3 has no free slot', deviceId: 'disk0' },
    ])
    expect(listProblems([], { kind: 'info', text: 'XML copied' }, present)).toEqual([])
  })
})

describe('warningsAbout', () => {
  it('picks the warnings whose deviceIds name the device, not those whose text does', () => {
    const warnings: ExpansionWarning[] = [
      { code: 'root-port-count', message: 'many ports', deviceIds: ['disk0'] },
      { code: 'bus-numbers', message: 'disk0 is far down' },
    ]
    expect(warningsAbout(warnings, 'disk0').map((w) => w.code)).toEqual(['root-port-count'])
    expect(warningsAbout(warnings, 'disk1')).toEqual([])
  })
})
