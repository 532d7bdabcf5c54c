import { type Edits, isLibvirtVersion } from '../engine/edits.ts'

/** What a shared link or the autosave holds: the document and the edits. */
export interface SavedSession {
  v: 1
  name: string
  xml: string
  edits: Edits
}

const HASH_KEY = 's='

function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream)
  return new Uint8Array(await new Response(out).arrayBuffer())
}

/** The session as a URL hash, `#s=<deflate-raw, base64url>`. */
export async function encodeSession(session: SavedSession): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(session))
  return `#${HASH_KEY}${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`
}

/** Reads a session from a URL hash; null when the hash holds none or cannot be read. */
export async function decodeSession(hash: string): Promise<SavedSession | null> {
  const text = hash.replace(/^#/, '')
  if (!text.startsWith(HASH_KEY)) return null
  try {
    const bytes = await pipe(fromBase64Url(text.slice(HASH_KEY.length)), new DecompressionStream('deflate-raw'))
    return asSession(JSON.parse(new TextDecoder().decode(bytes)))
  } catch {
    return null
  }
}

/** Checks the shape of a parsed session (links and localStorage are untrusted input). */
export function asSession(v: unknown): SavedSession | null {
  if (!v || typeof v !== 'object') return null
  const o = v as Partial<SavedSession>
  if (o.v !== 1 || typeof o.xml !== 'string' || typeof o.name !== 'string' || !o.edits || typeof o.edits !== 'object') return null
  const e = o.edits
  if (
    !Array.isArray(e.added) ||
    !Array.isArray(e.removed) ||
    typeof e.addresses !== 'object' ||
    typeof e.numaPins !== 'object' ||
    typeof e.hotplug !== 'object'
  )
    return null
  // note: a release this build does not imitate (a link from a newer studio) falls back to the default
  if (e.libvirtVersion !== undefined && !isLibvirtVersion(e.libvirtVersion)) {
    const { libvirtVersion: _, ...rest } = e
    return { v: 1, name: o.name, xml: o.xml, edits: rest }
  }
  return { v: 1, name: o.name, xml: o.xml, edits: e }
}
