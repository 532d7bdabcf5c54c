import type { Device, Explanation } from 'devaddr'

import { sameData } from '../sameData.ts'
import type { DeviceFacts } from './deviceProps.ts'
import type { StudioOutcome } from './finishOutcome.ts'

type OkStudioOutcome = Extract<StudioOutcome, { ok: true }>

/** An entry of a list sent as a delta: the index of an equal entry of the previous list, or the entry itself. */
type Kept<T> = number | T

/**
 * A successful outcome as the engine worker posts it: what equals its counterpart in the
 * previous successful outcome is sent as a reference to it, not copied again. An edit changes a
 * few devices of a thousand; a structured clone of all of them, and then a thousand new objects
 * on the page, cost more than the engine run.
 */
export interface OutcomeDelta {
  delta: true
  rest: Omit<OkStudioOutcome, 'expansion' | 'facts' | 'guest' | 'summary'>
  expansion: Omit<OkStudioOutcome['expansion'], 'devices' | 'explanations'> & { devices: Kept<Device>[]; explanations: Kept<Explanation>[] }
  facts: KeptRecord<DeviceFacts>
  /** null when there is no guest view */
  guest: KeptRecord<string> | null
  /** 0: the previous outcome's */
  summary: OkStudioOutcome['summary'] | 0
}

/** A record sent as what differs from the previous one: entries changed or added, and keys gone. */
interface KeptRecord<T> {
  changed: Record<string, T>
  dropped: string[]
}

function keptRecord<T>(next: Readonly<Record<string, T>>, prev: Readonly<Record<string, T>>): KeptRecord<T> {
  const changed: Record<string, T> = {}
  for (const k in next) if (!Object.hasOwn(prev, k) || !sameData(next[k], prev[k])) changed[k] = next[k]!
  const dropped: string[] = []
  for (const k in prev) if (!Object.hasOwn(next, k)) dropped.push(k)
  return { changed, dropped }
}

function fromKeptRecord<T>(sent: KeptRecord<T>, prev: Readonly<Record<string, T>>): Record<string, T> {
  const out = { ...prev, ...sent.changed }
  for (const k of sent.dropped) delete out[k]
  return out
}

/** What the worker posts: an outcome, or a successful one as a delta on the one posted before. */
export type PostedOutcome = StudioOutcome | OutcomeDelta

function keptList<T>(next: readonly T[], prev: readonly T[] | undefined, keyOf: (x: T) => string): Kept<T>[] {
  if (!prev) return [...next]
  const at = new Map<string, number>()
  prev.forEach((x, i) => at.set(keyOf(x), i))
  return next.map((x) => {
    const i = at.get(keyOf(x))
    return i !== undefined && sameData(x, prev[i]) ? i : x
  })
}

const fromKept = <T>(list: readonly Kept<T>[], prev: readonly T[] | undefined): T[] =>
  list.map((x) => (typeof x === 'number' ? prev![x]! : x))

/**
 * The message for `next`, a delta on `prev` (the successful outcome posted before) when both
 * succeeded. Runs in the worker.
 */
export function encodeOutcome(next: StudioOutcome, prev: OkStudioOutcome | undefined): PostedOutcome {
  if (!next.ok || !prev) return next
  const { expansion, facts, guest, summary, ...rest } = next
  return {
    delta: true,
    rest,
    expansion: {
      ...expansion,
      devices: keptList(expansion.devices, prev.expansion.devices, (d) => d.id),
      explanations: keptList(expansion.explanations, prev.expansion.explanations, (x) => x.device),
    },
    facts: keptRecord(facts, prev.facts),
    // note: guest views are sent whole when there was none before
    guest: guest && prev.guest ? keptRecord(guest, prev.guest) : guest && { changed: guest, dropped: [] },
    summary: sameData(summary, prev.summary) ? 0 : summary,
  }
}

/**
 * The outcome a message stands for: a delta's references resolved to the objects of `prev` (the
 * successful outcome decoded before), so that what did not change keeps its identity on the page
 * too. Runs on the page, on messages in the order the worker posted them.
 */
export function decodeOutcome(posted: PostedOutcome, prev: OkStudioOutcome | undefined): StudioOutcome {
  if (!('delta' in posted)) return posted
  if (!prev) throw new Error('an engine outcome delta without the outcome before it')
  return {
    ...posted.rest,
    expansion: {
      ...posted.expansion,
      devices: fromKept(posted.expansion.devices, prev.expansion.devices),
      explanations: fromKept(posted.expansion.explanations, prev.expansion.explanations),
    },
    facts: fromKeptRecord(posted.facts, prev.facts),
    guest: posted.guest && fromKeptRecord(posted.guest, prev.guest ?? {}),
    summary: posted.summary === 0 ? prev.summary : posted.summary,
  }
}
