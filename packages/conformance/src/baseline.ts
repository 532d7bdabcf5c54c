import { compareNames } from './corpus.ts'

/** Reads passing.txt: one case name per line; blank lines and `#` comments are ignored. */
export function parseBaseline(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
}

/** passing.txt's text for a set of case names: sorted, one per line. */
export function formatBaseline(names: Iterable<string>): string {
  const sorted = [...new Set(names)].sort(compareNames)
  return sorted.map((n) => `${n}\n`).join('')
}

/** What a run means for the baseline. */
export interface BaselineCheck {
  /** baseline cases that were run and no longer pass */
  regressions: string[]
  /** cases that pass and are not in the baseline */
  newPasses: string[]
  /** baseline names with no such case in the corpus (only when every case was run) */
  unknown: string[]
}

/**
 * Compares a run with the baseline. Only the cases that were run are judged, so a filtered
 * run checks its own slice.
 *
 * @param ran every case name that was run, with whether it passed
 * @param allCaseNames every case in the corpus, or undefined when the run was filtered
 */
export function checkBaseline(
  baseline: readonly string[],
  ran: ReadonlyMap<string, boolean>,
  allCaseNames?: ReadonlySet<string>,
): BaselineCheck {
  const inBaseline = new Set(baseline)
  const regressions = baseline.filter((n) => ran.get(n) === false).sort(compareNames)
  const newPasses = [...ran]
    .filter(([n, passed]) => passed && !inBaseline.has(n))
    .map(([n]) => n)
    .sort(compareNames)
  const unknown = allCaseNames === undefined ? [] : baseline.filter((n) => !allCaseNames.has(n)).sort(compareNames)
  return { regressions, newPasses, unknown }
}

/**
 * The baseline after a run: cases that were run now count as they did; the others (outside a
 * filter) keep their old entry.
 */
export function updatedBaseline(baseline: readonly string[], ran: ReadonlyMap<string, boolean>): string[] {
  const kept = baseline.filter((n) => !ran.has(n))
  const passing = [...ran].filter(([, passed]) => passed).map(([n]) => n)
  return [...new Set([...kept, ...passing])].sort(compareNames)
}
