import type { Device } from 'devaddr'

import type { DeviceFacts } from '../engine/deviceProps.ts'
import { deviceModel, deviceTitle, formatAddressShort } from './deviceText.ts'

/** The short facts that tell a device apart from its siblings, for the card's detail line. */
export function deviceDetails(d: Device, f: DeviceFacts | undefined): string[] {
  const out: string[] = []
  if (f?.mac) out.push(f.mac)
  if (f?.network) out.push(f.network)
  if (f?.source) out.push(f.source)
  if (d.kind === 'disk' && !f?.source && d.diskDevice === 'cdrom') out.push('no medium')
  if (f?.hostAddress) out.push(`host ${f.hostAddress}${f.managed === false ? ' (unmanaged)' : ''}`)
  if (f?.alias) out.push(`alias ${f.alias}`)
  return out
}

/** Everything a search matches a device on: name, id, model as written, address, MAC, source… */
export function searchText(d: Device, f: DeviceFacts | undefined, guestBdf?: string): string {
  return [
    deviceTitle(d),
    d.id,
    d.kind,
    deviceModel(d),
    f?.model,
    d.model,
    formatAddressShort(d.address),
    guestBdf,
    d.dst,
    d.hostAddress,
    ...deviceDetails(d, f),
  ]
    .filter((s): s is string => !!s)
    .join(' ')
    .toLowerCase()
}

/**
 * The ids of the devices a search finds: every word of `query` must occur in what identifies the
 * device (MAC, network, disk source, host address, alias, model, address, name).
 *
 * @example searchDevices(devices, facts, '52:54:00:aa') // ['interface0']
 */
export function searchDevices(
  devices: readonly Device[],
  facts: Readonly<Record<string, DeviceFacts>>,
  query: string,
  guest?: Readonly<Record<string, string>> | null,
): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return []
  return devices
    .filter((d) => {
      const text = searchText(d, facts[d.id], guest?.[d.id])
      return words.every((w) => text.includes(w))
    })
    .map((d) => d.id)
}
