import { describe, expect, it } from 'vitest'

import { expandDomainXml, formatExpandXmlError } from '../expandDomainXml.ts'

const q35 = (devices: string) =>
  `<domain type='qemu'>\n  <name>wd</name>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <devices>\n${devices}  </devices>\n</domain>\n`

function expand(xml: string, libvirtVersion: '11.3' | '12.8' = '12.8'): string {
  const r = expandDomainXml(xml, { libvirtVersion })
  if (!r.ok) throw new Error(formatExpandXmlError(r.error))
  return r.value
}

describe('the itco watchdog libvirt adds to q35', () => {
  it("takes the first watchdog's action, so that the output defines again", () => {
    const out = expand(q35(`    <watchdog model='i6300esb' action='poweroff'/>\n`))
    expect(out).toContain("<watchdog model='itco' action='poweroff'/>")
    expect(expand(out)).toBe(out)
  })

  it('is written without an action when no watchdog has one', () => {
    expect(expand(q35(''), '11.3')).toContain("<watchdog model='itco'/>")
  })
})
