import { Command, CommanderError } from 'commander'
import { runExpand, UsageError, type CommandIo, type ExpandCommandOptions } from './commands/expand.ts'

const USAGE_EXIT = 2

/**
 * Builds the `devaddr` program. Commander's own errors (unknown flag, missing argument or
 * option value) leave with exit code 2, like our own usage errors.
 */
export function buildProgram(io: CommandIo, setExitCode: (code: number) => void): Command {
  const program = new Command('devaddr')
    .description("libvirt device address assignment: adds controllers and fills in <address> elements")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run devaddr --help for usage)')

  program
    .command('expand')
    .description('expand domain XML files the way `virsh define` does: add controllers and addresses')
    .argument('<FILE...>', 'libvirt domain XML files')
    .option('--existing', 're-read stored configs (libvirt INACTIVE parse) instead of defining new domains')
    .option('--out-dir <DIR>', 'write DIR/<basename of FILE> per file, or DIR/<basename>.error when rejected')
    .exitOverride()
    .action(async (files: string[], options: ExpandCommandOptions) => {
      setExitCode(await runExpand(files, options, io))
    })
  return program
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  let exitCode = 0
  const program = buildProgram(io, (code) => {
    exitCode = code
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version end here with exitCode 0; everything else is a usage error
      return e.exitCode === 0 ? 0 : USAGE_EXIT
    }
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n`)
      return USAGE_EXIT
    }
    io.stderr(`devaddr: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    return 1
  }
}
