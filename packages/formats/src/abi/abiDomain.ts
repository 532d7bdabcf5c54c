import type { Device, DomainInput } from 'devaddr'

import { deviceElements } from '../domain/deviceElements.ts'
import type { DomainDocument } from '../domain/domainDocument.ts'
import { childElement, getAttribute, type XmlElement } from '../xml/tree.ts'

/**
 * A device as the ABI comparison sees it: the engine's view, plus what identifies it across
 * edits when the `Device` model does not hold it (an interface's MAC, a libvirt alias).
 * @public
 */
export interface AbiDevice {
  device: Device
  /**
   * How the device is known in both domains, e.g. `disk vda`, `interface 52:54:00:12:34:56`,
   * `controller pci index 3`. Undefined: matched by position among its kind's unidentified devices.
   */
  identity?: string
}

/** One side of an ABI comparison. @public */
export interface AbiDomain {
  arch: string
  machine: string
  devices: AbiDevice[]
}

/**
 * The ABI view of a parsed domain XML: identities from the `Device` fields (disk target,
 * controller type and index, hostdev source address) and from the XML (interface MAC, USB
 * hostdev vendor/product, else a libvirt `<alias>`).
 * @public
 */
export function abiDomainFromXml(doc: DomainDocument): AbiDomain {
  const elements = deviceElements(doc.tree)
  return {
    arch: doc.input.arch,
    machine: doc.input.machine,
    devices: doc.input.devices.map((device) => {
      const el = device.sourceIndex === undefined ? undefined : elements[device.sourceIndex]
      return withIdentity(device, el === undefined ? undefined : xmlIdentity(device, el))
    }),
  }
}

/**
 * The ABI view of a domain without XML (YAML/JSON input, an expansion): identities from the
 * `Device` fields only.
 * @public
 */
export function abiDomainFromInput(input: Pick<DomainInput, 'arch' | 'machine' | 'devices'>): AbiDomain {
  return { arch: input.arch, machine: input.machine, devices: input.devices.map((d) => withIdentity(d, undefined)) }
}

function withIdentity(device: Device, fromXml: string | undefined): AbiDevice {
  const identity = deviceIdentity(device) ?? fromXml
  return identity === undefined ? { device } : { device, identity }
}

/** Identities the `Device` itself carries. */
function deviceIdentity(d: Device): string | undefined {
  switch (d.kind) {
    case 'controller':
      return d.type !== undefined && d.index !== undefined ? `controller ${d.type} index ${d.index}` : undefined
    case 'disk':
      return d.dst !== undefined ? `disk ${d.dst}` : undefined
    case 'hostdev':
    case 'interface':
      return d.hostAddress !== undefined ? `${d.kind} host ${d.hostAddress}` : undefined
    default:
      return undefined
  }
}

/** Identities only the XML has: MAC, USB vendor/product, alias. */
function xmlIdentity(d: Device, el: XmlElement): string | undefined {
  const mac = childElement(el, 'mac')
  const address = mac && getAttribute(mac, 'address')
  if (d.kind === 'interface' && address !== undefined) return `interface ${address.toLowerCase()}`
  const source = childElement(el, 'source')
  const vendor = source && childElement(source, 'vendor')
  const product = source && childElement(source, 'product')
  if (d.kind === 'hostdev' && vendor && product) {
    return `hostdev usb ${getAttribute(vendor, 'id') ?? '?'}:${getAttribute(product, 'id') ?? '?'}`
  }
  const alias = childElement(el, 'alias')
  const name = alias && getAttribute(alias, 'name')
  return name === undefined ? undefined : `${d.kind} alias ${name}`
}
