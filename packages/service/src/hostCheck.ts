import { isIP } from 'node:net'

/**
 * Whether a request's `Host` header names this service. A web page on another site can reach a
 * loopback service through DNS rebinding (its own name, re-pointed at 127.0.0.1), but it cannot
 * make the browser send an IP address or `localhost` as the Host: so those are always accepted,
 * and any other name only when the operator allowed it (`--allow-host`).
 *
 * @param host the `Host` header, e.g. `127.0.0.1:8080`, `[::1]:8080`, `devaddr.example:443`
 * @param allowed extra host names, compared without case
 */
export function isAllowedHost(host: string | undefined, allowed: readonly string[]): boolean {
  if (host === undefined || host === '') return false
  const name = hostName(host).toLowerCase()
  if (name === 'localhost' || isIP(name) !== 0) return true
  return allowed.some((a) => a.toLowerCase() === name)
}

/** The name part of a Host header: without the port, and without the brackets of an IPv6 literal. */
function hostName(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end === -1 ? host : host.slice(1, end)
  }
  const colon = host.lastIndexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}
