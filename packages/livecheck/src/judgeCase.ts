import { compareDomains, formatDifference, parseXmlTree, type XmlElement } from '@devaddr/conformance'

/** What one side (libvirt or the engine) made of a domain; `crashed` marks an engine exception (a bug, never a rejection). */
export type Outcome = { ok: true; xml: string } | { ok: false; message: string; crashed?: true }

/** How libvirt and the engine compare on one domain. */
export type VerdictKind =
  /** both accepted and every address of the contract matches */
  | 'match'
  /** both refused the domain */
  | 'both-rejected'
  /** libvirt refused it, the engine accepted it */
  | 'libvirt-rejected'
  /** the engine refused it, libvirt accepted it */
  | 'engine-rejected'
  /** both accepted, addressing differs */
  | 'differs'
  /** the engine threw */
  | 'engine-crashed'

/** The verdict on one domain. */
export interface Verdict {
  kind: VerdictKind
  /** match and both-rejected are agreements */
  agree: boolean
  /** the first difference or the one-sided rejection, in one line */
  first?: string
  /** every difference (for `differs`), or both messages */
  details: string[]
}

/** How strictly to judge. */
export interface JudgeOptions {
  /**
   * Compare controllers sorted by type and index instead of in document order (a diagnostic:
   * the contract has them in order, and one ordering rule then hides every other difference).
   */
  anyControllerOrder?: boolean
}

/** The domain with its `<controller>` elements sorted by type, then index (other devices as they are). */
function sortControllers(domain: XmlElement): XmlElement {
  const devices = domain.children.find((c) => c.name === 'devices')
  if (devices === undefined) return domain
  const key = (c: XmlElement): string => `${c.attributes.type ?? ''}\u0000${(c.attributes.index ?? '').padStart(4, '0')}`
  const controllers = devices.children
    .filter((c) => c.name === 'controller')
    .sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))
  const others = devices.children.filter((c) => c.name !== 'controller')
  const sorted = { ...devices, children: [...controllers, ...others] }
  return { ...domain, children: domain.children.map((c) => (c === devices ? sorted : c)) }
}

/**
 * Judges one domain: libvirt's `dumpxml --inactive` against the engine's output, on the
 * conformance corpus's address contract (`compareDomains`: controllers, then every device's
 * `<address>`). Both refusing counts as agreement whatever the messages say; an engine
 * exception never does.
 */
export function judgeCase(libvirt: Outcome, engine: Outcome, options: JudgeOptions = {}): Verdict {
  if (!engine.ok && engine.crashed === true) {
    return { kind: 'engine-crashed', agree: false, first: engine.message, details: [engine.message] }
  }
  if (!libvirt.ok && !engine.ok) {
    return { kind: 'both-rejected', agree: true, details: [`libvirt: ${libvirt.message}`, `engine: ${engine.message}`] }
  }
  if (!libvirt.ok) {
    return {
      kind: 'libvirt-rejected',
      agree: false,
      first: `libvirt rejected, engine accepted: ${libvirt.message}`,
      details: [libvirt.message],
    }
  }
  if (!engine.ok) {
    return {
      kind: 'engine-rejected',
      agree: false,
      first: `engine rejected, libvirt accepted: ${engine.message}`,
      details: [engine.message],
    }
  }
  const actual = parseXmlTree(engine.xml)
  if (!actual.ok) return { kind: 'differs', agree: false, first: `engine output is not XML: ${actual.error}`, details: [] }
  const expected = parseXmlTree(libvirt.xml)
  if (!expected.ok) return { kind: 'differs', agree: false, first: `libvirt output is not XML: ${expected.error}`, details: [] }
  const [a, e] =
    options.anyControllerOrder === true ? [sortControllers(actual.value), sortControllers(expected.value)] : [actual.value, expected.value]
  const differences = compareDomains(a, e).map(formatDifference)
  const first = differences[0]
  if (first === undefined) return { kind: 'match', agree: true, details: [] }
  return { kind: 'differs', agree: false, first, details: differences }
}

/**
 * A difference with its numbers blanked, so the same rule broken in many domains counts once:
 * `disk #2 (virtio vdb): address got bus=0x03, …` → `disk #N (virtio vdN): address got bus=N, …`.
 */
export function differencePattern(line: string): string {
  return line
    .replace(/0x[0-9a-f]+/gi, 'N')
    .replace(/\d+/g, 'N')
    .replace(/\b(vd|sd|hd)[a-z]+\b/g, '$1N')
    .replace(/org\.devaddr\.channel\.N/g, 'CHANNEL')
}
