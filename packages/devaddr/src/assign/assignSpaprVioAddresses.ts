import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isPSeries } from '../machine/machineType.ts'
import type { Device } from '../model/device.ts'

/** Default `reg` values, as QEMU's spapr devices pick them. */
const VIO_ADDR_NET = 0x1000
const VIO_ADDR_SCSI = 0x2000
const VIO_ADDR_SERIAL = 0x30000000
const VIO_ADDR_NVRAM = 0x3000
const VIO_ADDR_TPM = 0x4000
const VIO_STEP = 0x1000

/** The devices holding each `reg`, kept as addresses are assigned (one pass over the domain). */
type RegHolders = Map<number, Set<Device>>

function regHolders(def: DomainDef): RegHolders {
  const holders: RegHolders = new Map()
  for (const d of def.iterate()) if (d.address?.type === 'spapr-vio' && d.address.reg !== undefined) hold(holders, d.address.reg, d)
  return holders
}

function hold(holders: RegHolders, reg: number, d: Device): void {
  const set = holders.get(reg) ?? holders.set(reg, new Set()).get(reg)!
  set.add(d)
}

function regTaken(holders: RegHolders, self: Device, reg: number): boolean {
  const set = holders.get(reg)
  return set !== undefined && (set.size > 1 || !set.has(self))
}

/**
 * Per default `reg`, the first `reg` of its sequence (default, default + 0x1000…) not known to
 * be taken: a `reg` once held stays held, so the devices after the first start there instead of
 * stepping over every device before them again.
 */
type NextRegs = Map<number, number>

function assignOne(holders: RegHolders, next: NextRegs, d: Device, defaultReg: number): void {
  if (d.address?.type !== 'spapr-vio') return
  const userReg = d.address.reg !== undefined
  let reg = d.address.reg ?? next.get(defaultReg) ?? defaultReg
  while (regTaken(holders, d, reg)) {
    if (userReg)
      fail('address-conflict', `spapr-vio address 0x${reg.toString(16)} is already in use`, culprit(d, 'qemuDomainAssignSpaprVIOAddress'))
    reg += VIO_STEP
  }
  d.address = { type: 'spapr-vio', reg }
  hold(holders, reg, d)
  if (!userReg) next.set(defaultReg, reg + VIO_STEP)
}

/**
 * `reg` addresses on the pSeries VIO bus: spapr-vlan NICs, ibmvscsi controllers, spapr-vty
 * consoles, NVRAM and TPMs, each from its default and stepping by 0x1000 past taken ones.
 * @see qemuDomainAssignSpaprVIOAddresses
 */
export function assignSpaprVioAddresses(def: DomainDef): void {
  const holders = regHolders(def)
  const next: NextRegs = new Map()
  const prime = (d: Device) => {
    if (d.address === undefined) d.address = { type: 'spapr-vio' }
  }
  for (const n of def.list('interface')) {
    if (n.model === 'spapr-vlan') prime(n)
    assignOne(holders, next, n, VIO_ADDR_NET)
  }
  for (const c of def.controllers) {
    if (c.type === 'scsi' && c.model === 'ibmvscsi') prime(c)
    assignOne(holders, next, c, VIO_ADDR_SCSI)
  }
  for (const s of def.list('serial')) {
    if (s.targetType === 'spapr-vio-serial') prime(s)
    assignOne(holders, next, s, VIO_ADDR_SERIAL)
  }
  for (const n of def.list('nvram')) {
    if (isPSeries(def)) prime(n)
    assignOne(holders, next, n, VIO_ADDR_NVRAM)
  }
  for (const t of def.list('tpm')) {
    if (t.model !== 'spapr-tpm-proxy' && isPSeries(def)) prime(t)
    assignOne(holders, next, t, VIO_ADDR_TPM)
  }
}
