import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { median } from './measure.ts'

const BIN = fileURLToPath(new URL('../../cli/bin/devaddr.js', import.meta.url))

/**
 * The CLI as a management app calls it: a whole process expanding one small domain, against
 * `node -e ''` (Node's own start), interleaved so drift in machine speed hits both alike.
 */
export function timeCliProcess(xml: string, runs: number): { cliMs: number; nodeMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'devaddr-bench-cli-'))
  try {
    const file = join(dir, 'small.xml')
    writeFileSync(file, xml)
    const time = (args: string[]) => {
      const t0 = performance.now()
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
      return performance.now() - t0
    }
    time([BIN, 'expand', file]) // builds the bundle if a source is newer
    const cli: number[] = []
    const node: number[] = []
    for (let i = 0; i < runs; i++) {
      cli.push(time([BIN, 'expand', file]))
      node.push(time(['-e', '']))
    }
    return { cliMs: median(cli), nodeMs: median(node) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
