import { describe, expect, it } from 'vitest'

import { readServiceArgs } from './cliArgs.ts'

const read = (argv: string[]) => readServiceArgs(argv, { bodyLimit: 100 })

describe('readServiceArgs', () => {
  it('binds to loopback on 8080 by default', () => {
    expect(read([])).toEqual({
      ok: true,
      value: { host: '127.0.0.1', port: 8080, bodyLimit: 100, log: true, allowedHosts: [], workers: 2, timeoutMs: 10000, help: false },
    })
  })

  it('reads --host, --port, --body-limit and --quiet, skipping the -- pnpm passes on', () => {
    expect(read(['--', '--port', '0', '--host', '::1', '--body-limit', '2048', '--quiet'])).toEqual({
      ok: true,
      value: { host: '::1', port: 0, bodyLimit: 2048, log: false, allowedHosts: [], workers: 2, timeoutMs: 10000, help: false },
    })
  })

  it('reads --allow-host (repeated), --workers and --timeout-ms', () => {
    expect(read(['--allow-host', 'a.internal', '--allow-host', 'b.internal', '--workers', '4', '--timeout-ms', '500'])).toMatchObject({
      ok: true,
      value: { allowedHosts: ['a.internal', 'b.internal'], workers: 4, timeoutMs: 500 },
    })
  })

  it.each([
    ['--port', '65536'],
    ['--port', 'http'],
    ['--body-limit', '0'],
    ['--bogus'],
    ['extra'],
    ['--host', ''],
    ['--workers', '0'],
    ['--timeout-ms', 'x'],
    ['--allow-host', 'a:80'],
  ])('refuses %j', (...argv) => {
    expect(read(argv).ok).toBe(false)
  })
})
