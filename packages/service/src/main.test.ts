import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

describe('the service process', () => {
  // note: the one test that starts the service as a process; the others call it in-process
  it('listens, answers, and leaves promptly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const url = await new Promise<string>((resolve, reject) => {
      let err = ''
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => {
        err += chunk
        const m = /listening on (http:\/\/\S+)/.exec(err)
        if (m) resolve(m[1]!)
      })
      child.on('exit', () => reject(new Error(`the service exited: ${err}`)))
    })
    const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) })
    expect(health.status).toBe(200)
    const t0 = performance.now()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(performance.now() - t0).toBeLessThan(6_000)
  }, 60_000)
})
