#!/usr/bin/env -S npx tsx
import type { CommandIo } from './commandIo.ts'
import { main } from './program.ts'

const io: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

// note: a reader that has gone away (`devaddr expand a.xml | head -1`) ends the command quietly,
// as a pipe's SIGPIPE ends a C tool, not with an unhandled 'error' and its stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e
  process.exit(process.exitCode ?? 0)
})

process.exitCode = await main(process.argv.slice(2), io)
