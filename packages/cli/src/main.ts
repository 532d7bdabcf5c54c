#!/usr/bin/env -S npx tsx
import type { CommandIo } from './commandIo.ts'
import { main } from './program.ts'

const io: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
}

process.exitCode = await main(process.argv.slice(2), io)
