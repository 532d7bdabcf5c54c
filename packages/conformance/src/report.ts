import type { CaseResult } from './runCase.ts'

/** A plain-text table with right-aligned numbers. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const isNumber = (s: string): boolean => /^[\d.%/]+$/.test(s)
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (isNumber(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(header), rule, ...rows.map(line)].join('\n')
}

function percent(passed: number, total: number): string {
  return total === 0 ? '-' : `${((100 * passed) / total).toFixed(1)}%`
}

/** Passed/total per arch and machine family, sorted, with a total row. */
export function formatSummaryTable(results: readonly CaseResult[]): string {
  const groups = new Map<string, { arch: string; machine: string; ok: CaseResult[]; error: CaseResult[] }>()
  for (const r of results) {
    const key = `${r.arch}\u0000${r.machine}`
    let g = groups.get(key)
    if (!g) {
      g = { arch: r.arch, machine: r.machine, ok: [], error: [] }
      groups.set(key, g)
    }
    g[r.expect].push(r)
  }
  const sorted = [...groups.values()].sort((a, b) => (a.arch + '\u0000' + a.machine < b.arch + '\u0000' + b.machine ? -1 : 1))
  const row = (arch: string, machine: string, ok: CaseResult[], error: CaseResult[]): string[] => {
    const passedOk = ok.filter((r) => r.passed).length
    const passedError = error.filter((r) => r.passed).length
    const passed = passedOk + passedError
    const total = ok.length + error.length
    return [
      arch,
      machine,
      `${passedOk}/${ok.length}`,
      `${passedError}/${error.length}`,
      String(passed),
      String(total),
      percent(passed, total),
    ]
  }
  const rows = sorted.map((g) => row(g.arch, g.machine, g.ok, g.error))
  const all = results.filter((r) => r.expect === 'ok')
  const allErrors = results.filter((r) => r.expect === 'error')
  rows.push(row('all', '', all, allErrors))
  return formatTable(['arch', 'machine', 'ok', 'error', 'passed', 'total', 'percent'], rows)
}

/** `  NAME: reason`, plus every difference when verbose. */
export function formatFailures(results: readonly CaseResult[], verbose: boolean): string[] {
  const lines: string[] = []
  for (const r of results) {
    if (r.passed) continue
    lines.push(`  ${r.name}: ${r.reason ?? '?'}`)
    if (verbose) for (const d of r.details.slice(1)) lines.push(`      ${d}`)
  }
  return lines
}

/** The runner's last line, read by CI: `N passed, N failed`. */
export function closingLine(results: readonly CaseResult[]): string {
  const passed = results.filter((r) => r.passed).length
  return `${passed} passed, ${results.length - passed} failed`
}
