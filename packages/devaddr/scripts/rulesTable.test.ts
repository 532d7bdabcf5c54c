import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { REGENERATE, RULES_FILE, rulesTable } from './rulesTable.ts'

describe('RULES.md', () => {
  it('is what scripts/rulesTable.ts writes from the current sources', () => {
    const written = readFileSync(RULES_FILE, 'utf8')
    expect(written === rulesTable(), `RULES.md is out of date: run \`${REGENERATE}\` and commit it`).toBe(true)
  })

  it('lists a rejection site for every libvirt function a rule names', () => {
    const table = rulesTable()
    for (const fn of ['virDomainPCIAddressReserveAddrInternal', 'qemuDomainValidateDevicePCISlotsPIIX3', 'virDomainUSBAddressAssign'])
      expect(table).toMatch(new RegExp(`^\\| \`${fn}\` \\|.*\\| \`[^|]+\` \`[^|]+\`[^|]* \\|$`, 'm'))
  })
})
