import type { FullResult, Reporter, Suite } from '@playwright/test/reporter'

/**
 * Prints one plain closing line, `e2e: N passed, N failed, N skipped`, after the list reporter,
 * so CI logs end with a tally that any reader can parse.
 */
export default class SummaryLineReporter implements Reporter {
  #root: Suite | undefined

  onBegin(_config: unknown, suite: Suite): void {
    this.#root = suite
  }

  onEnd(_result: FullResult): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const test of this.#root?.allTests() ?? []) {
      switch (test.outcome()) {
        case 'expected':
        case 'flaky':
          passed++
          break
        case 'unexpected':
          failed++
          break
        case 'skipped':
          skipped++
          break
      }
    }
    console.log(`\ne2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  }

  printsToStdio(): boolean {
    return false
  }
}
