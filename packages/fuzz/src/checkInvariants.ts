import { expandDomainXml, type ExpandXmlError, formatExpandXmlError, parseDomainXml } from '@devaddr/formats'
import type { Address, Device } from 'devaddr'

/** A broken promise, named by the invariant it breaks. */
export interface Finding {
  invariant: 'no-exception' | 'deterministic' | 're-reads' | 're-expands' | 'distinct-addresses' | 'nothing-lost' | 'clear-rejection'
  detail: string
}

/** Words that mean a message was built from a value that was not there ('undefined' controller, NaN). */
const LEAKED_INTERNALS = /\bundefined\b(?! entity)|\bNaN\b|\[object /

/** What happened to one mutant. */
export interface Verdict {
  /** the engine accepted it (in the new-domain reading) */
  accepted: boolean
  findings: Finding[]
  /** ms of the first expansion alone (a new domain): what a user waits for */
  expandMs: number
}

/**
 * Runs one text through the XML front door as a new domain and as a stored config, and checks
 * the promises every input gets, accepted or not:
 * - no exception escapes the Result-typed API;
 * - the same input gives the same output (or the same rejection);
 * - a rejection has a message a person can read;
 * - an accepted output re-parses, re-expands (as a stored config) to the same addresses, gives no
 *   two devices one address, and keeps every element and comment of the input.
 */
export function checkInvariants(text: string): Verdict {
  const findings: Finding[] = []
  let accepted = false
  let expandMs = 0
  for (const newDomain of [true, false]) {
    const reading = newDomain ? 'new domain' : 'stored config'
    let first: ReturnType<typeof expandDomainXml>
    let second: ReturnType<typeof expandDomainXml>
    try {
      const t0 = performance.now()
      first = expandDomainXml(text, { newDomain })
      if (newDomain) expandMs = performance.now() - t0
      second = expandDomainXml(text, { newDomain })
    } catch (e) {
      findings.push({ invariant: 'no-exception', detail: `${reading}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` })
      continue
    }
    const out1 = first.ok ? first.value : formatExpandXmlError(first.error)
    const out2 = second.ok ? second.value : formatExpandXmlError(second.error)
    if (out1 !== out2 || first.ok !== second.ok) findings.push({ invariant: 'deterministic', detail: `${reading}: two runs differ` })
    if (!first.ok) {
      const message = out1.trim()
      if (message === '' || LEAKED_INTERNALS.test(message))
        findings.push({ invariant: 'clear-rejection', detail: `${reading}: ${JSON.stringify(message.slice(0, 200))}` })
      continue
    }
    if (newDomain) accepted = true
    findings.push(...checkOutput(text, first.value, reading))
  }
  return { accepted, findings, expandMs }
}

function checkOutput(input: string, output: string, reading: string): Finding[] {
  const findings: Finding[] = []
  const reread = parseDomainXml(output)
  if (!reread.ok) return [{ invariant: 're-reads', detail: `${reading}: the output does not parse: ${reread.error.message}` }]
  const devices = reread.value.input.devices
  const given = reading === 'stored config' ? inputUsbAddresses(input) : new Map<string, string>()
  const clash = sharedAddress(devices, given)
  if (clash) findings.push({ invariant: 'distinct-addresses', detail: `${reading}: ${clash}` })
  let again: ReturnType<typeof expandDomainXml>
  try {
    again = expandDomainXml(output, { newDomain: false })
  } catch (e) {
    return [
      ...findings,
      { invariant: 'no-exception', detail: `${reading}, re-expanding the output: ${e instanceof Error ? e.message : String(e)}` },
    ]
  }
  if (!again.ok) {
    if (!refusedAsLibvirtRefusesItsOwn(input, devices, again.error))
      findings.push({
        invariant: 're-expands',
        detail: `${reading}: the output is rejected: ${formatExpandXmlError(again.error).slice(0, 300)}`,
      })
  } else {
    const after = parseDomainXml(again.value)
    if (after.ok && addressList(after.value.input.devices) !== addressList(devices))
      findings.push({ invariant: 're-expands', detail: `${reading}: re-expanding the output changes addresses` })
  }
  const lost = lostPieces(input, output)
  if (lost) findings.push({ invariant: 'nothing-lost', detail: `${reading}: ${lost}` })
  return findings
}

/**
 * Where two devices share an address, in words; undefined when none do. `given` holds the USB
 * addresses the input wrote, by device id, in the stored-config reading: there libvirt checks
 * USB addresses only when every USB device has one (qemuDomainAssignUSBAddresses), so two
 * devices the input put on one port keep it, as in libvirt; the new-domain reading checks them.
 */
function sharedAddress(devices: readonly Device[], given: ReadonlyMap<string, string>): string | undefined {
  const seen = new Map<string, Device>()
  for (const d of devices) {
    // a console of type serial mirrors the first serial port and has no address of its own
    if (d.kind === 'console') continue
    const key = addressKey(d)
    if (key === undefined) continue
    const other = seen.get(key)
    if (other !== undefined && !(key.startsWith('usb ') && given.get(other.id) === key && given.get(d.id) === key))
      return `${other.id} and ${d.id} share ${key}`
    seen.set(key, d)
  }
  return undefined
}

/**
 * libvirt adds its default USB controller at index 0 beside a model='none' one at another index,
 * and then refuses that output when it reads it back (virDomainDefControllersParse): a refusal of
 * the re-expansion for a USB controller the input did not have is libvirt's own, not a finding.
 */
function refusedAsLibvirtRefusesItsOwn(input: string, output: readonly Device[], error: ExpandXmlError): boolean {
  if (error.kind !== 'addr') return false
  const parsed = parseDomainXml(input)
  if (!parsed.ok) return false
  const usbIndexes = new Set(parsed.value.input.devices.filter((d) => d.kind === 'controller' && d.type === 'usb').map((d) => d.index))
  return error.errors.every((e) => {
    const culprit = output.find((d) => d.id === e.deviceId)
    return (
      e.libvirtFunction === 'virDomainDefControllersParse' &&
      culprit?.kind === 'controller' &&
      culprit.type === 'usb' &&
      culprit.model !== 'none' &&
      !usbIndexes.has(culprit.index)
    )
  })
}

/** The USB addresses an input gives its devices, by device id (ids are the same in the output). */
function inputUsbAddresses(input: string): Map<string, string> {
  const parsed = parseDomainXml(input)
  const keys = new Map<string, string>()
  if (parsed.ok) for (const d of parsed.value.input.devices) if (d.address?.type === 'usb') keys.set(d.id, addressKey(d) ?? '')
  return keys
}

function addressKey(d: Device): string | undefined {
  const a: Address | undefined = d.address
  switch (a?.type) {
    case 'pci':
      return `pci ${a.domain}:${a.bus}:${a.slot}.${a.function}`
    case 'virtio-serial':
      return `virtio-serial ${a.controller}:${a.bus}:${a.port}`
    case 'usb':
      return a.port === undefined ? undefined : `usb ${a.bus}:${a.port}`
    case 'ccw':
      return a.devno === undefined ? undefined : `ccw ${a.cssid ?? 0}.${a.ssid ?? 0}.${a.devno}`
    case 'drive': {
      // note: drive addresses are numbered per controller type (IDE 0:0:0 and SATA 0:0:0 differ);
      // libvirt holds only disks and SCSI host devices to one each: on any other device a drive
      // address is checked for its form and reserves nothing (virDomainDefDuplicateDriveAddressesValidate)
      const family = d.kind === 'disk' ? d.bus : d.kind === 'hostdev' ? 'scsi' : undefined
      return family === undefined ? undefined : `drive ${family} ${a.controller}:${a.bus}:${a.target}:${a.unit}`
    }
    default:
      return undefined
  }
}

const addressList = (devices: readonly Device[]) =>
  devices
    .map((d) => `${d.kind} ${JSON.stringify(d.address ?? null)}`)
    .sort()
    .join('\n')

/** The first element name or comment the input has more of than the output, in words. */
function lostPieces(input: string, output: string): string | undefined {
  const count = (text: string) => {
    const n = new Map<string, number>()
    for (const m of text.matchAll(/<([A-Za-z][\w:.-]*)|<!--[\s\S]*?-->/g)) {
      const key = m[1] === undefined ? m[0] : `<${m[1]}>`
      // the engine owns addresses (a <zpci> is part of one): it may rewrite or drop one it
      // refuses to keep, or one libvirt ignores (all but a device's first); and it writes the
      // devices of every <devices> element into one, as libvirt does
      if (key === '<address>' || key === '<zpci>' || key === '<devices>') continue
      n.set(key, (n.get(key) ?? 0) + 1)
    }
    return n
  }
  const after = count(output)
  for (const [key, n] of count(input))
    if ((after.get(key) ?? 0) < n) return `${key} ×${n} in the input, ×${after.get(key) ?? 0} in the output`
  return undefined
}
