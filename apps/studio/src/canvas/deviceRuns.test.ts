import type { Device } from 'devaddr'
import { describe, expect, it } from 'vitest'

import { foldRun, RUN_KEEP, RUN_MIN, runCard, runsOf, signature } from './deviceRuns.ts'
import { pciTree } from './pciTree.ts'

const nic = (i: number, model = 'virtio'): Device => ({
  id: `interface${i}`,
  kind: 'interface',
  model,
  origin: 'input',
  address: { type: 'pci', domain: 0, bus: 0, slot: i + 1, function: 0 },
})
const ON = { collapseRepeats: true, expandedRuns: new Set<string>() }

describe('runsOf', () => {
  it('splits a list into maximal runs of equal keys, in order', () => {
    expect(runsOf(['a', 'a', 'b', 'a', 'a', 'a'], (s) => s)).toEqual([['a', 'a'], ['b'], ['a', 'a', 'a']])
    expect(runsOf([], (s: string) => s)).toEqual([])
  })
})

describe('signature', () => {
  it('tells apart models, origins and editability, and never makes two buses equal', () => {
    const tree = pciTree({
      arch: 'x86_64',
      machine: 'q35',
      devices: [],
      policy: { name: 'libvirt', version: 1 },
      explanations: [],
      warnings: [],
    })
    const none = new Set<string>()
    expect(signature(tree, nic(0), none)).toBe(signature(tree, nic(1), none))
    expect(signature(tree, nic(0), none)).not.toBe(signature(tree, nic(1, 'e1000e'), none))
    expect(signature(tree, nic(0), new Set(['interface0']))).not.toBe(signature(tree, nic(1), new Set(['interface0'])))
    const bus = (index: number): Device => ({
      id: `controller-pci${index}`,
      kind: 'controller',
      type: 'pci',
      model: 'pcie-expander-bus',
      index,
      origin: 'input',
    })
    expect(signature(tree, bus(1), none)).not.toBe(signature(tree, bus(2), none))
  })
})

describe('foldRun', () => {
  const run = Array.from({ length: RUN_MIN }, (_, i) => nic(i))

  it(`folds a run of ${RUN_MIN} to ${RUN_KEEP} shown and the rest hidden, under the id of the first hidden one`, () => {
    const f = foldRun(0, run, ON)
    expect(f.folded).toBe(true)
    if (!f.folded) return
    expect(f.shown).toEqual(run.slice(0, RUN_KEEP))
    expect(f.hidden).toEqual(run.slice(RUN_KEEP))
    expect(f.runId).toBe(`run:0:${RUN_KEEP + 1}.0`)
  })

  it('leaves a shorter run, an expanded run and every run with folding off alone', () => {
    expect(foldRun(0, run.slice(1), ON)).toEqual({ folded: false, shown: run.slice(1) })
    expect(foldRun(0, run, { collapseRepeats: true, expandedRuns: new Set([`run:0:${RUN_KEEP + 1}.0`]) }).folded).toBe(false)
    expect(foldRun(0, run, { collapseRepeats: false, expandedRuns: new Set() }).folded).toBe(false)
  })

  it('summarises the hidden members on the run card', () => {
    const f = foldRun(0, run, ON)
    if (!f.folded) throw new Error('not folded')
    const tree = pciTree({
      arch: 'x86_64',
      machine: 'q35',
      devices: run,
      policy: { name: 'libvirt', version: 1 },
      explanations: [],
      warnings: [],
    })
    expect(runCard(tree, f.runId, f.hidden)).toEqual({
      runId: f.runId,
      count: RUN_MIN - RUN_KEEP,
      summary: 'interface virtio',
      firstAddress: '0000:00:04.0',
      lastAddress: '0000:00:08.0',
    })
  })
})
