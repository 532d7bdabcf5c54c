import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { expandDomainXml, parseXml, serializeXml, type XmlDocument, type XmlElement, type XmlNode } from '@devaddr/formats'
import { LIBVIRT_PROFILES, type LibvirtVersion } from 'devaddr'
import { describe, expect, it } from 'vitest'

/**
 * The realistic domains (realistic/: what virt-install, Nova, KubeVirt, VDSM… hand to libvirt)
 * through the XML pipeline, without a libvirt: nothing of a file the engine does not own is lost,
 * and on the releases whose define is a fixed point (11.3, 12.8) expanding the output again
 * changes nothing. Whether libvirt agrees is the live check's job (`.ci/run` defines them all).
 */
const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'realistic')
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.xml'))
  .sort()
const RELEASES: readonly LibvirtVersion[] = ['9.0', '11.3', '12.8']

const isElement = (n: XmlNode): n is XmlElement => n.kind === 'element'
const isBlank = (n: XmlNode) => n.kind === 'text' && n.raw.trim() === ''

/** What devaddr owns of a device element: its `<address>`, and on a controller its type, index, model and their children. */
function unowned(el: XmlElement): XmlElement {
  const controller = el.name === 'controller'
  const owned = controller ? ['address', 'model', 'target', 'master'] : ['address']
  return {
    ...el,
    attributes: controller ? el.attributes.filter((a) => !['type', 'index', 'model'].includes(a.name)) : el.attributes,
    // note: the indentation around an added or removed child is the writer's; the rest stays as written
    children: el.children.filter((c) => !isBlank(c) && !(isElement(c) && owned.includes(c.name))),
    selfClosing: false,
  }
}

const devicesOf = (doc: XmlDocument): XmlElement[] => {
  const root = doc.children.find(isElement)!
  return root.children.filter((c): c is XmlElement => isElement(c) && c.name === 'devices').flatMap((d) => d.children.filter(isElement))
}

/** The document without its `<devices>` (and without devaddr's metadata, which the writer owns). */
function outsideDevices(doc: XmlDocument): string {
  const root = doc.children.find(isElement)!
  const strip = (el: XmlElement): XmlElement => ({
    ...el,
    children: el.children
      .filter((c) => !isBlank(c) && !(isElement(c) && (c.name === 'devices' || c.name.startsWith('devaddr:'))))
      .map((c) => (isElement(c) ? strip(c) : c)),
  })
  return serializeXml({ ...doc, children: doc.children.map((c) => (c === root ? strip(root) : c)) })
}

const text = (el: XmlElement) => serializeXml({ kind: 'document', bom: false, children: [el] })

/** Device elements a release does not know and defines the domain without (9.0: `<crypto>`, `<pstore>`). */
function dropped(libvirtVersion: LibvirtVersion): ReadonlySet<string> {
  const profile = LIBVIRT_PROFILES[libvirtVersion]
  return new Set([...(profile.crypto === 'dropped' ? ['crypto'] : []), ...(profile.pstore === 'dropped' ? ['pstore'] : [])])
}

describe('realistic domains', () => {
  it('are there to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(20)
  })

  for (const file of files)
    it(`${file}: keeps what devaddr does not own, and expands again to itself on 11.3 and 12.8`, () => {
      const xml = readFileSync(join(folder, file), 'utf8')
      const input = parseXml(xml)
      if (!input.ok) throw new Error(`${file} does not parse`)
      for (const libvirtVersion of RELEASES) {
        const r = expandDomainXml(xml, { libvirtVersion })
        if (!r.ok) continue
        const output = parseXml(r.value)
        if (!output.ok) throw new Error(`${file} on ${libvirtVersion}: the output does not parse`)
        expect(outsideDevices(output.value), `${file} on ${libvirtVersion}: outside <devices>`).toBe(outsideDevices(input.value))
        const written = new Set(devicesOf(output.value).map((d) => text(unowned(d))))
        for (const d of devicesOf(input.value))
          expect(written.has(text(unowned(d))) !== dropped(libvirtVersion).has(d.name), `${file} on ${libvirtVersion}: ${text(d)}`).toBe(
            true,
          )
        if (libvirtVersion !== '9.0') {
          const again = expandDomainXml(r.value, { libvirtVersion })
          expect(again.ok && again.value, `${file} on ${libvirtVersion}: expanded again`).toBe(r.value)
        }
      }
    })
})
