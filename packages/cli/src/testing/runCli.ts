import { main } from '../program.ts'

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the CLI in this process, as `devaddr ARGS…` would from the current folder, capturing
 * what it writes. In-process so a test costs milliseconds, not a Node start with tsx
 * (one spawn smoke test in main.test.ts covers the binary itself).
 */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
  })
  return { code, stdout, stderr }
}
