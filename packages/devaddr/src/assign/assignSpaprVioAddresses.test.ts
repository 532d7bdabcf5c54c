import { describe, expect, it } from 'vitest'

import { expandDomain } from '../expandDomain.ts'
import { dev, expandOk } from '../testing/devices.ts'

const serial = (reg?: number) =>
  dev({
    kind: 'serial',
    type: 'pty',
    targetType: 'spapr-vio-serial',
    ...(reg === undefined ? {} : { address: { type: 'spapr-vio', reg } }),
  })
const pseries = (devices: ReturnType<typeof serial>[]) => ({ arch: 'ppc64', machine: 'pseries', devices })

describe('assignSpaprVioAddresses', () => {
  it('steps past taken regs from the default, keeping a reg the user gave', () => {
    const e = expandOk(pseries([serial(0x30001000), serial(), serial()]))
    const regs = e.devices.filter((d) => d.kind === 'serial').map((d) => (d.address?.type === 'spapr-vio' ? d.address.reg : undefined))
    expect(regs).toEqual([0x30001000, 0x30000000, 0x30002000])
  })

  it('refuses a reg the user gave twice', () => {
    const r = expandDomain(pseries([serial(0x30001000), serial(0x30001000)]))
    expect(!r.ok && r.error[0]).toMatchObject({ code: 'address-conflict', libvirtFunction: 'qemuDomainAssignSpaprVIOAddress' })
  })

  it('takes time linear in the devices, not cubic', () => {
    const t0 = performance.now()
    const e = expandOk(pseries(Array.from({ length: 300 }, () => serial())))
    expect(performance.now() - t0).toBeLessThan(1500)
    const regs = new Set(e.devices.flatMap((d) => (d.address?.type === 'spapr-vio' ? [d.address.reg] : [])))
    expect(regs.size).toBe(300)
  })
})
