import type { Device } from 'devaddr'

import { deviceModel, deviceTitle, formatAddressShort } from './deviceText.ts'
import type { RunData } from './flowTypes.ts'
import { devicesOn, isPciController, isPort, type PciTree } from './pciTree.ts'

/** A run this long or longer is folded to its first RUN_KEEP members and one "N more" card. */
export const RUN_MIN = 8
export const RUN_KEEP = 3

/**
 * What makes siblings "the same" for folding (lstopo's collapsing of identical objects): a
 * port's model, hotplug and what is inside it; a device's kind, model, origin and editability.
 * A bus is never the same as another.
 */
export function signature(tree: PciTree, d: Device, editableIds: ReadonlySet<string>): string {
  if (isPciController(d)) {
    if (!isPort(d)) return `ctl:${d.index}`
    const inside = devicesOn(tree, d.index)
      .map((c) => signature(tree, c, editableIds))
      .join(',')
    return `port:${d.model}:${d.target?.hotplug ?? 'on'}[${inside}]`
  }
  return `dev:${d.kind}:${deviceModel(d)}:${d.origin}:${editableIds.has(d.id)}`
}

/** Splits siblings into maximal runs of equal keys, in order. */
export function runsOf<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const runs: T[][] = []
  let last: string | undefined
  for (const item of items) {
    const k = key(item)
    const current = runs[runs.length - 1]
    if (current && k === last) current.push(item)
    else runs.push([item])
    last = k
  }
  return runs
}

/** How a run of siblings on a bus is drawn. */
export type RunFolding =
  /** every member gets its own card */
  | { folded: false; shown: Device[] }
  /** the first RUN_KEEP members are shown, the rest hidden behind one card with id `runId` */
  | { folded: true; runId: string; shown: Device[]; hidden: Device[] }

/**
 * Folds a long run unless folding is off or the user expanded it. The run id names the first
 * hidden member's address, so it stays the same when devices are added after the run.
 */
export function foldRun(
  busIndex: number,
  run: readonly Device[],
  options: { collapseRepeats: boolean; expandedRuns: ReadonlySet<string> },
): RunFolding {
  const first = run[RUN_KEEP]
  const runId = first?.address?.type === 'pci' ? `run:${busIndex}:${first.address.slot}.${first.address.function}` : ''
  if (!options.collapseRepeats || run.length < RUN_MIN || options.expandedRuns.has(runId)) return { folded: false, shown: [...run] }
  return { folded: true, runId, shown: run.slice(0, RUN_KEEP), hidden: run.slice(RUN_KEEP) }
}

/** What the card of a folded run says: how many, what they are, which addresses. */
export function runCard(tree: PciTree, runId: string, hidden: readonly Device[]): RunData {
  const sample = hidden[0]!
  const last = hidden[hidden.length - 1]!
  let summary: string
  if (isPciController(sample)) {
    const inside = devicesOn(tree, sample.index).map((c) => `${deviceTitle(c).split(' ')[0]} ${deviceModel(c)}`.trim())
    summary = `${sample.model}${inside.length > 0 ? ` → ${inside.join(', ')}` : ' (empty)'}`
  } else {
    summary = `${sample.kind} ${deviceModel(sample)}`.trim()
  }
  return {
    runId,
    count: hidden.length,
    summary,
    firstAddress: formatAddressShort(sample.address),
    lastAddress: formatAddressShort(last.address),
  }
}
