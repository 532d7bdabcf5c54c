import { afterEach, describe, expect, it } from 'vitest'

import type { DomainRequest } from './domainRequest.ts'
import { HandlerPool } from './handlerPool.ts'
import { Q35_XML } from './testing/fixtures.ts'

const request = (body: string): DomainRequest => ({ contentType: 'application/xml', body, query: {} })

/** A q35 guest with `n` virtio NICs: enough work that it cannot finish within a millisecond. */
const manyNics = (n: number) =>
  Q35_XML.replace(
    '</devices>',
    `${"<interface type='network'><source network='default'/><model type='virtio'/></interface>\n".repeat(n)}</devices>`,
  )

let pool: HandlerPool | undefined
afterEach(async () => {
  await pool?.close()
  pool = undefined
})

describe('HandlerPool', () => {
  it('answers like the handler itself, on a worker', async () => {
    pool = new HandlerPool({ workers: 1 })
    const r = await pool.run('expand', request(Q35_XML))
    expect(r.status).toBe(200)
    expect(r.body).toContain("model='pcie-root'")
  })

  it('stops a request past its CPU budget with 422 time-limit, and goes on with a fresh worker', async () => {
    pool = new HandlerPool({ workers: 1, timeoutMs: 1 })
    await pool.whenReady()
    const slow = await pool.run('expand', request(manyNics(3000)))
    expect(slow.status).toBe(422)
    expect(JSON.parse(slow.body).errors[0].code).toBe('time-limit')
    await pool.whenReady()
    // the fresh worker still has the 1 ms budget: a second slow one is stopped too, not queued forever
    expect((await pool.run('expand', request(manyNics(3000)))).status).toBe(422)
  }, 30_000)

  it('answers 503 with Retry-After when every worker is busy and the queue is full', async () => {
    pool = new HandlerPool({ workers: 1, queueLimit: 0 })
    await pool.whenReady()
    const [first, second] = await Promise.all([pool.run('expand', request(manyNics(100))), pool.run('expand', request(Q35_XML))])
    expect(first.status).toBe(200)
    expect(second.status).toBe(503)
    expect(second.headers).toEqual({ 'retry-after': '1' })
    expect(JSON.parse(second.body).errors[0].code).toBe('overloaded')
  }, 30_000)

  it('keeps a worker for small requests while large ones run, and lets waiting small ones go first', async () => {
    const largeBody = Q35_XML.length + 1
    const order: string[] = []
    const run = (p: HandlerPool, name: string, body: string) =>
      p.run('expand', request(body)).then((r) => order.push(`${name} ${r.status}`))

    // two workers: the second large one waits for the first, the small one does not wait at all
    pool = new HandlerPool({ workers: 2, largeBody })
    await pool.whenReady()
    await Promise.all([run(pool, 'large-1', manyNics(150)), run(pool, 'large-2', manyNics(150)), run(pool, 'small', Q35_XML)])
    expect(order.indexOf('small 200')).toBeLessThan(order.indexOf('large-2 200'))
    expect(order.indexOf('large-1 200')).toBeLessThan(order.indexOf('large-2 200'))
    await pool.close()

    // one worker: a small request queued after a large one runs before it
    order.length = 0
    pool = new HandlerPool({ workers: 1, largeBody })
    await pool.whenReady()
    await Promise.all([run(pool, 'running', manyNics(150)), run(pool, 'large', manyNics(150)), run(pool, 'small', Q35_XML)])
    expect(order).toEqual(['running 200', 'small 200', 'large 200'])
  }, 30_000)

  it('answers what is waiting with 503 shutting-down when closed', async () => {
    pool = new HandlerPool({ workers: 1 })
    const waiting = [pool.run('expand', request(manyNics(300))), pool.run('expand', request(Q35_XML))]
    await pool.close()
    const statuses = (await Promise.all(waiting)).map((r) => r.status)
    expect(statuses).toEqual([503, 503])
    expect((await pool.run('expand', request(Q35_XML))).status).toBe(503)
  }, 30_000)
})
