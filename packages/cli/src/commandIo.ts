import { readFile } from 'node:fs/promises'

/** Where a command writes; injected so tests and other front ends can capture it. */
export interface CommandIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** A command-line mistake: reported with exit code 2, before any input file is read. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A file's text, or the message a user reads when it cannot be read. */
export async function readTextFile(file: string): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') }
  } catch (e) {
    return { ok: false, message: `cannot read '${file}': ${describeIoError(e)}` }
  }
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
