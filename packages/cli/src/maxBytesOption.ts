import { DEFAULT_MAX_BYTES } from '@devaddr/formats'

import { UsageError } from './commandIo.ts'

export const MAX_BYTES_HELP = `largest document read, in bytes (default ${DEFAULT_MAX_BYTES}: 10 MiB, as virsh)`

/** `--max-bytes`, checked: a whole number of bytes, at least 1. */
export function parseMaxBytes(arg: string | undefined): number {
  if (arg === undefined) return DEFAULT_MAX_BYTES
  if (!/^[1-9][0-9]{0,15}$/.test(arg)) throw new UsageError(`--max-bytes must be a whole number of bytes, not '${arg}'`)
  return Number(arg)
}
