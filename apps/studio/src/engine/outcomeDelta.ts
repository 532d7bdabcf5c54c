import type { Device, Explanation } from 'devaddr'

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
  /** device id → its facts, or 0 when they equal the previous outcome's */
  facts: Record<string, DeviceFacts | 0>
  /** 0: the previous outcome's */
  guest: OkStudioOutcome['guest'] | 0
  /** 0: the previous outcome's */
  summary: OkStudioOutcome['summary'] | 0
}

/** What the worker posts: an outcome, or a successful one as a delta on the one posted before. */
export type PostedOutcome = StudioOutcome | OutcomeDelta

/** Equal plain data (primitives, arrays, plain objects), compared member by member. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  let n = 0
  for (const k in ra) {
    if (!Object.hasOwn(rb, k) || !sameData(ra[k], rb[k])) return false
    n++
  }
  for (const k in rb) if (Object.hasOwn(rb, k)) n--
  return n === 0
}

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
  const sentFacts: Record<string, DeviceFacts | 0> = {}
  for (const id in facts) sentFacts[id] = Object.hasOwn(prev.facts, id) && sameData(facts[id], prev.facts[id]) ? 0 : facts[id]!
  return {
    delta: true,
    rest,
    expansion: {
      ...expansion,
      devices: keptList(expansion.devices, prev.expansion.devices, (d) => d.id),
      explanations: keptList(expansion.explanations, prev.expansion.explanations, (x) => x.device),
    },
    facts: sentFacts,
    guest: sameData(guest, prev.guest) ? 0 : guest,
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
  const facts: Record<string, DeviceFacts> = {}
  for (const id in posted.facts) {
    const f = posted.facts[id]!
    facts[id] = f === 0 ? prev.facts[id]! : f
  }
  return {
    ...posted.rest,
    expansion: {
      ...posted.expansion,
      devices: fromKept(posted.expansion.devices, prev.expansion.devices),
      explanations: fromKept(posted.expansion.explanations, prev.expansion.explanations),
    },
    facts,
    guest: posted.guest === 0 ? prev.guest : posted.guest,
    summary: posted.summary === 0 ? prev.summary : posted.summary,
  }
}
