import { open } from 'node:fs/promises'

import { decodeUtf8, DEFAULT_MAX_BYTES, formatXmlError } from '@devaddr/formats'

/** Where a command writes; injected so tests and other front ends can capture it. */
export interface CommandIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** A command-line mistake: reported with exit code 2, before any input file is read. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * A file's text, or the message a user reads when it cannot be read: a file over `maxBytes`
 * (10 MiB by default, as virsh) is refused before it is read, and one that is not proper UTF-8
 * is refused with the offset of the first bad byte (libvirt reads nothing else).
 */
export async function readTextFile(
  file: string,
  maxBytes = DEFAULT_MAX_BYTES,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  let bytes: Uint8Array
  try {
    const handle = await open(file, 'r')
    try {
      const { size } = await handle.stat()
      if (size > maxBytes) return { ok: false, message: `'${file}' is ${size} bytes long, over the limit of ${maxBytes} bytes` }
      bytes = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch (e) {
    return { ok: false, message: `cannot read '${file}': ${describeIoError(e)}` }
  }
  const text = decodeUtf8(bytes)
  return text.ok ? { ok: true, text: text.value } : { ok: false, message: `'${file}': ${formatXmlError(text.error)}` }
}

export function describeIoError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code
    switch (code) {
      case 'ENOENT':
        return 'no such file'
      case 'EACCES':
        return 'permission denied'
      case 'EISDIR':
        return 'is a directory'
      default:
        return e.message
    }
  }
  return String(e)
}

export function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
