import { describe, expect, it } from 'vitest'
import { readServiceArgs } from './cliArgs.ts'

const read = (argv: string[]) => readServiceArgs(argv, { bodyLimit: 100 })

describe('readServiceArgs', () => {
  it('binds to loopback on 8080 by default', () => {
    expect(read([])).toEqual({ ok: true, value: { host: '127.0.0.1', port: 8080, bodyLimit: 100, log: true, help: false } })
  })

  it('reads --host, --port, --body-limit and --quiet, skipping the -- pnpm passes on', () => {
    expect(read(['--', '--port', '0', '--host', '::1', '--body-limit', '2048', '--quiet'])).toEqual({
      ok: true,
      value: { host: '::1', port: 0, bodyLimit: 2048, log: false, help: false },
    })
  })

  it.each([['--port', '65536'], ['--port', 'http'], ['--body-limit', '0'], ['--bogus'], ['extra'], ['--host', '']])('refuses %j', (...argv) => {
    expect(read(argv).ok).toBe(false)
  })
})
