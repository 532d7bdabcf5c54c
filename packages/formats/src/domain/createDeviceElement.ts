import type { Device } from 'devaddr'

import { exhaustive } from '../result.ts'
import { appendChildElement } from '../xml/layout.ts'
import { createElement, type XmlElement } from '../xml/tree.ts'

type Attrs = ReadonlyArray<readonly [string, string | undefined]>

/**
 * A new element for a device the engine added (a default or implicit device, or an auto-added
 * controller), holding what the `Device` knows in libvirt's attribute order. The caller then
 * writes the owned parts (`writeController`, `writeAddress`) as for any other device.
 *
 * @param indent indentation the element will have
 */
export function createDeviceElement(d: Device, indent: string, unit: string): XmlElement {
  const el = createElement(d.kind, present(ownAttributes(d)))
  const child = (name: string, attrs: Attrs) => {
    const c = createElement(name, present(attrs))
    appendChildElement(el, c, indent, unit)
    return c
  }
  switch (d.kind) {
    case 'disk':
      child('target', [
        ['dev', d.dst],
        ['bus', d.bus],
      ])
      break
    case 'interface':
      if (d.model !== undefined) child('model', [['type', d.model]])
      break
    case 'video':
      child('model', [
        ['type', d.model],
        ['primary', d.primary === true ? 'yes' : undefined],
      ])
      break
    case 'shmem':
      if (d.model !== undefined) child('model', [['type', d.model]])
      break
    case 'filesystem':
      if (d.driverType !== undefined) child('driver', [['type', d.driverType]])
      break
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel': {
      const target = [
        ['type', d.targetType],
        ['name', d.targetName],
        ['port', d.targetPort === undefined ? undefined : String(d.targetPort)],
      ] as const
      if (target.some(([, v]) => v !== undefined)) {
        const t = child('target', target)
        if (d.targetModel !== undefined) appendChildElement(t, createElement('model', [['name', d.targetModel]]), indent + unit, unit)
      }
      break
    }
    default:
      break
  }
  // note: libvirt writes <boot> after the device's own children, before <address>
  if (d.bootOrder !== undefined) child('boot', [['order', String(d.bootOrder)]])
  return el
}

/** The element's own attributes, as libvirt orders them for each kind. */
function ownAttributes(d: Device): Attrs {
  switch (d.kind) {
    case 'controller':
      return [
        ['type', d.type],
        ['index', d.index === undefined ? undefined : String(d.index)],
        ['model', d.model],
      ]
    case 'disk':
      return [
        ['type', d.type],
        ['device', d.diskDevice],
        ['model', d.model],
      ]
    case 'hostdev':
      return [
        ['mode', d.mode],
        ['type', d.type],
        ['model', d.model],
      ]
    case 'smartcard':
      return [['mode', d.mode]]
    case 'input':
      return [
        ['type', d.type],
        ['bus', d.bus],
        ['model', d.model],
      ]
    case 'redirdev':
      return [
        ['bus', d.bus],
        ['type', d.type],
      ]
    case 'filesystem':
      return [
        ['type', d.type],
        ['model', d.model],
      ]
    case 'interface':
    case 'serial':
    case 'parallel':
    case 'console':
    case 'channel':
    case 'hub':
    case 'graphics':
    case 'audio':
      return [['type', d.type]]
    case 'sound':
    case 'watchdog':
    case 'memballoon':
    case 'rng':
    case 'iommu':
    case 'panic':
    case 'vsock':
    case 'crypto':
    case 'tpm':
    case 'nvram':
    case 'pstore':
    case 'memory':
      return [
        ['model', d.model],
        ['type', d.type],
      ]
    case 'video':
    case 'shmem':
    case 'lease':
    case 'redirfilter':
      return []
    default:
      return exhaustive(d.kind)
  }
}

function present(attrs: Attrs): Array<readonly [string, string]> {
  return attrs.filter((a): a is readonly [string, string] => a[1] !== undefined)
}
