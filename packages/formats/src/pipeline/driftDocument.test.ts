import { describe, expect, it } from 'vitest'

import { driftDocument, formatDriftChange } from './driftDocument.ts'

const q35 = (devices: string) => `<domain type='kvm'>
  <name>drift</name>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
${devices}
  </devices>
</domain>
`

describe('driftDocument', () => {
  it('finds the implicit iTCO watchdog libvirt 9.9 adds on q35, and names its cause', () => {
    const r = driftDocument(q35("<interface type='network'><source network='default'/><model type='virtio'/></interface>"), 'xml', {
      from: '9.0',
      to: '9.9',
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const watchdog = r.value.changes.find((c) => c.change === 'added' && c.device.startsWith('watchdog'))
    expect(watchdog).toMatchObject({ deviceId: 'watchdog-itco', change: 'added', to: 'itco' })
    expect(watchdog!.causes).toContain('implicitItcoWatchdog')
    expect(formatDriftChange(watchdog!)).toMatch(/^watchdog \(itco\): added itco \(because of .*implicitItcoWatchdog.*\)$/)
  })

  it('reports no change between a release and itself', () => {
    const r = driftDocument(q35("<input type='tablet' bus='usb'/>"), 'xml', { from: '9.9', to: '9.9' })
    expect(r).toEqual({ ok: true, value: { from: '9.9', to: '9.9', changes: [] } })
  })

  it('names the device a newer release rejects', () => {
    const twoWatchdogs = q35("<watchdog model='i6300esb'/>\n<watchdog model='ib700'/>")
    const r = driftDocument(twoWatchdogs, 'xml', { from: '9.9', to: '9.0' })
    expect(r.ok && r.value.changes).toEqual([
      expect.objectContaining({ change: 'rejected', deviceId: 'watchdog1', causes: ['multipleWatchdogs'] }),
    ])
  })

  it('returns the reading error of a broken document', () => {
    expect(driftDocument('<domain>', 'xml', { from: '9.0', to: '9.9' })).toMatchObject({ ok: false, error: { kind: 'xml' } })
  })
})
