/**
 * Checking readers for plain data (the value of a parsed YAML/JSON file). Each takes the value,
 * its path in the document and a label naming it in messages, and throws `Invalid` on a wrong
 * value; `catchInvalid` turns that into a Result at the module's edge.
 */

/** A path into a data document: keys and array indexes. */
export type DataPath = ReadonlyArray<string | number>

/** A failed check; thrown inside the data readers only. */
export class Invalid {
  constructor(
    readonly path: DataPath,
    readonly message: string,
    /** the fault is the key at the end of `path` (an unknown key), not its value */
    readonly atKey = false,
  ) {}
}

const UINT_MAX = 0xffffffff

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A mapping (YAML map, JSON object). */
export function readRecord(v: unknown, path: DataPath, label: string): Record<string, unknown> {
  if (!isRecord(v)) throw new Invalid(path, `${label} must be a mapping of keys to values, not ${describe(v)}`)
  return v
}

/** Refuses keys not in `allowed`, so a misspelt tunable never passes silently. */
export function checkKeys(o: Record<string, unknown>, allowed: readonly string[], path: DataPath, label: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      throw new Invalid([...path, key], `${label}: unknown key "${key}" (known keys: ${allowed.join(', ')})`, true)
    }
  }
}

export function readString(v: unknown, path: DataPath, label: string): string {
  if (typeof v !== 'string' || v === '') throw new Invalid(path, `${label} must be a non-empty string, not ${describe(v)}`)
  return v
}

export function readBoolean(v: unknown, path: DataPath, label: string): boolean {
  if (typeof v !== 'boolean') throw new Invalid(path, `${label} must be true or false, not ${describe(v)}`)
  return v
}

/** A non-negative integer, at most `max` (default 2^32 - 1, libvirt's unsigned int). */
export function readUint(v: unknown, path: DataPath, label: string, max = UINT_MAX): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new Invalid(path, `${label} must be a non-negative integer, not ${describe(v)}`)
  }
  if (v > max) throw new Invalid(path, `${label} must be <= ${max > 9 ? `0x${max.toString(16)}` : max}, not ${v}`)
  return v
}

export function readEnum<T extends string>(v: unknown, values: readonly T[], path: DataPath, label: string): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new Invalid(path, `${label} must be one of ${values.map((x) => `"${x}"`).join(', ')}, not ${describe(v)}`)
  }
  return v as T
}

export function readArray(v: unknown, path: DataPath, label: string): unknown[] {
  if (!Array.isArray(v)) throw new Invalid(path, `${label} must be a list, not ${describe(v)}`)
  return v
}

/** How a wrong value is shown in a message: `"abc"`, `12`, `a list`… */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return 'a list'
  return 'a mapping'
}
