import { existsSync, readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { capsDir, compareVersions, qemuCapsTable, REGENERATE, TABLE_FILE } from './qemuCapsTable.ts'

describe('qemuCapsTable.ts', () => {
  it.skipIf(!existsSync(capsDir()))('is what scripts/qemuCapsTable.ts writes from the recorded capabilities', () => {
    const written = readFileSync(TABLE_FILE, 'utf8')
    expect(written === qemuCapsTable(capsDir()), `the table is out of date: run \`${REGENERATE}\` and commit it`).toBe(true)
  })

  it('orders versions numerically', () => {
    expect(compareVersions('9.1.0', '10.0.0')).toBeLessThan(0)
    expect(compareVersions('8.2', '8.2.0')).toBe(0)
  })
})
