import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { NO_EDITS } from '../engine/edits.ts'
import { finishOutcome } from '../engine/finishOutcome.ts'
import { reduceEdits } from '../engine/reduceEdits.ts'
import { runExpansion } from '../engine/runExpansion.ts'
import { machineFamily, PALETTE, paletteAction, unavailableReason } from './paletteItems.ts'

const read = (name: string) => readFileSync(join(__dirname, '../../../../public/examples', name), 'utf8')

describe('palette', () => {
  it('tells machines apart', () => {
    expect(machineFamily({ arch: 'x86_64', machine: 'pc-q35-8.2' })).toBe('q35')
    expect(machineFamily({ arch: 'x86_64', machine: 'pc-i440fx-7.2' })).toBe('pc')
    expect(machineFamily({ arch: 'x86_64', machine: 'pc' })).toBe('pc')
    expect(machineFamily({ arch: 'aarch64', machine: 'virt' })).toBe('virt')
    const sw = PALETTE.find((p) => p.key === 'pcie-switch')!
    expect(unavailableReason(sw, 'q35')).toBeUndefined()
    expect(unavailableReason(sw, 'pc')).toBe('PCIe switch (4 ports) needs a q35 or aarch64 virt machine; this one is pc (i440fx)')
  })

  for (const file of ['q35-blank.xml', 'pc-i440fx.xml', 'aarch64-virt.xml']) {
    it(`every entry offered on ${file} is placed by the engine`, () => {
      const xml = read(file)
      const base = finishOutcome(xml, NO_EDITS, runExpansion(xml, NO_EDITS))
      if (!base.ok) throw new Error(JSON.stringify(base.error))
      const family = machineFamily(base.expansion)
      const refused: string[] = []
      for (const item of PALETTE.filter((p) => unavailableReason(p, family) === undefined)) {
        const { action } = paletteAction(item, { edits: NO_EDITS, expansion: base.expansion, facts: base.facts, docName: file })
        const edits = reduceEdits(NO_EDITS, action)
        const out = finishOutcome(xml, edits, runExpansion(xml, edits))
        if (!out.ok) refused.push(`${item.key}: ${JSON.stringify(out.error)}`)
      }
      expect(refused).toEqual([])
    })
  }
})
