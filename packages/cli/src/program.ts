import { DEFAULT_LIBVIRT_VERSION } from '@devaddr/formats'
import { Command, CommanderError } from 'commander'

import { type CommandIo, UsageError } from './commandIo.ts'
import { runAbiDiff } from './commands/abiDiff.ts'
import { DRIFT_FROM_DEFAULT, type DriftCommandOptions, runDrift } from './commands/drift.ts'
import { type ExpandCommandOptions, runExpand } from './commands/expand.ts'
import { type ExplainCommandOptions, runExplain } from './commands/explain.ts'
import { type HotplugCommandOptions, runHotplug } from './commands/hotplug.ts'
import { LIBVIRT_VERSION_HELP } from './libvirtVersionOption.ts'
import { MAX_BYTES_HELP } from './maxBytesOption.ts'
import { ANY_MACHINE_VERSION_HELP, QEMU_HELP, QEMU_MISSING_HELP } from './qemuOption.ts'

const USAGE_EXIT = 2

const POLICY_HELP = 'addressing policy: a YAML/JSON policy file, or a built-in name (kubevirt, virt-install, ovirt…)'

/** `Exit codes:` lines for a command's --help. */
const exitCodes = (...lines: string[]) => `\nExit codes:\n${lines.map((l) => `  ${l}`).join('\n')}\n`

/**
 * Builds the `devaddr` program. Commander's own errors (unknown flag, missing argument or
 * option value) leave with exit code 2, like our own usage errors.
 */
export function buildProgram(io: CommandIo, setExitCode: (code: number) => void): Command {
  const program = new Command('devaddr')
    .description('libvirt device address assignment: adds controllers and fills in <address> elements')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run devaddr --help for usage)')
    .addHelpText('after', exitCodes('0  success', '1  see each command (a rejected file, a difference found…)', '2  usage error'))

  program
    .command('expand')
    .description(
      'expand domains the way `virsh define` does: add controllers and addresses.\n' +
        'FILE is domain XML, or devaddr YAML (.yaml, .yml) or JSON (.json)',
    )
    .argument('<FILE...>', 'domain files')
    .option('--existing', 're-read stored configs (libvirt INACTIVE parse) instead of defining new domains')
    .option('--out-dir <DIR>', 'write DIR/<basename of FILE> per file, or DIR/<basename>.error when rejected')
    .option('--policy <FILE>', POLICY_HELP)
    .option('--format <FORMAT>', "output format: xml, yaml or json (default: the input's own)")
    .option('--libvirt-version <VERSION>', LIBVIRT_VERSION_HELP)
    .option('--max-bytes <BYTES>', MAX_BYTES_HELP)
    .option('--qemu <VERSION>', QEMU_HELP)
    .option('--qemu-missing <CAPS>', QEMU_MISSING_HELP)
    .option('--any-machine-version', ANY_MACHINE_VERSION_HELP)
    .addHelpText(
      'after',
      exitCodes('0  every file expanded', '1  a file was rejected or could not be read', '2  usage error (bad flags, bad --policy file)'),
    )
    .exitOverride()
    .action(async (files: string[], options: ExpandCommandOptions) => {
      setExitCode(await runExpand(files, options, io))
    })

  program
    .command('explain')
    .description('expand a domain and print, per device, the decisions that placed it, then any warnings')
    .argument('<FILE>', 'domain file (XML, YAML or JSON)')
    .option('--existing', 're-read a stored config instead of defining a new domain')
    .option('--policy <FILE>', POLICY_HELP)
    .option('--libvirt-version <VERSION>', LIBVIRT_VERSION_HELP)
    .option('--max-bytes <BYTES>', MAX_BYTES_HELP)
    .option('--qemu <VERSION>', QEMU_HELP)
    .option('--qemu-missing <CAPS>', QEMU_MISSING_HELP)
    .option('--any-machine-version', ANY_MACHINE_VERSION_HELP)
    .addHelpText(
      'after',
      exitCodes('0  explained (warnings do not change it)', '1  the file was rejected or could not be read', '2  usage error'),
    )
    .exitOverride()
    .action(async (file: string, options: ExplainCommandOptions) => {
      setExitCode(await runExplain(file, options, io))
    })

  program
    .command('hotplug')
    .description(
      'print DEVICE with the address it gets when hotplugged into the running guest DOMAIN\n' +
        '(an expanded domain); the address alone goes to stderr',
    )
    .argument('<DOMAIN>', 'expanded domain file (XML, YAML or JSON)')
    .argument('<DEVICE>', 'device XML, e.g. an <interface> element, as for virsh attach-device')
    .option('--policy <FILE>', POLICY_HELP)
    .option('--libvirt-version <VERSION>', LIBVIRT_VERSION_HELP)
    .option('--max-bytes <BYTES>', MAX_BYTES_HELP)
    .option('--qemu <VERSION>', QEMU_HELP)
    .option('--qemu-missing <CAPS>', QEMU_MISSING_HELP)
    .addHelpText(
      'after',
      exitCodes('0  placed', '1  no hotpluggable slot is free, or a file was rejected or could not be read', '2  usage error'),
    )
    .exitOverride()
    .action(async (domain: string, device: string, options: HotplugCommandOptions) => {
      setExitCode(await runHotplug(domain, device, options, io))
    })

  program
    .command('abi-diff')
    .description('list every guest-visible change between two domains, one line each')
    .argument('<OLD>', 'domain file (XML, YAML or JSON)')
    .argument('<NEW>', 'domain file (XML, YAML or JSON)')
    .option('--max-bytes <BYTES>', MAX_BYTES_HELP)
    .addHelpText(
      'after',
      exitCodes(
        '0  no guest-visible change',
        '1  changes found (listed on stdout)',
        '2  usage error, or a file could not be read or parsed',
      ),
    )
    .exitOverride()
    .action(async (oldFile: string, newFile: string, options: { maxBytes?: string }) => {
      setExitCode(await runAbiDiff(oldFile, newFile, io, options))
    })

  program
    .command('drift')
    .description(
      'the upgrade check: list every device whose address, model or acceptance would differ when\n' +
        'FILE is defined by libvirt --from and by libvirt --to, with the release difference that causes it',
    )
    .argument('<FILE>', 'domain file (XML, YAML or JSON)')
    .option('--from <VERSION>', `the libvirt release the domain is defined with today (default ${DRIFT_FROM_DEFAULT})`)
    .option('--to <VERSION>', `the libvirt release it moves to (default ${DEFAULT_LIBVIRT_VERSION}, the newest devaddr imitates)`)
    .option('--existing', 're-read a stored config instead of defining a new domain')
    .option('--policy <FILE>', POLICY_HELP)
    .option('--why', 'under each change, what the release difference behind it is')
    .option('--max-bytes <BYTES>', MAX_BYTES_HELP)
    .addHelpText(
      'after',
      exitCodes('0  no drift', '1  drift found (listed on stdout)', '2  usage error, or the file could not be read or parsed'),
    )
    .exitOverride()
    .action(async (file: string, options: DriftCommandOptions) => {
      setExitCode(await runDrift(file, options, io))
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
