import { parseDomainXml, serializeDomainXml } from '@devaddr/formats'
import { describe, expect, it } from 'vitest'

import { domainRoot, readNumaCells, splitNumaCells, withNumaCells } from './numaCells.ts'

const domain = (head: string) => `<domain type='qemu'>
  <name>n</name>
${head}
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
  </devices>
</domain>
`

function cellsOf(xml: string, n: number, cells?: Parameters<typeof withNumaCells>[2]) {
  const doc = parseDomainXml(xml)
  if (!doc.ok) throw new Error(doc.error.message)
  const out = serializeDomainXml(withNumaCells(doc.value, n, cells))
  const again = parseDomainXml(out)
  if (!again.ok) throw new Error(again.error.message)
  return { xml: out, cells: readNumaCells(domainRoot(again.value.tree)!) }
}

describe('splitNumaCells', () => {
  it('splits memory and vCPUs evenly; the sum is the whole', () => {
    expect(splitNumaCells(4194304, 4, 2)).toEqual([
      { cpus: '0-1', memoryKiB: 2097152 },
      { cpus: '2-3', memoryKiB: 2097152 },
    ])
    const three = splitNumaCells(4194304, 4, 3)
    expect(three.map((c) => c.cpus)).toEqual(['0-1', '2', '3'])
    expect(three.reduce((s, c) => s + c.memoryKiB, 0)).toBe(4194304)
    expect(three.every((c) => c.memoryKiB % 1024 === 0)).toBe(true)
  })
})

describe('withNumaCells', () => {
  it('two cells of a 4 GiB, 4-vCPU domain: 2 GiB and two vCPUs each, memory unchanged', () => {
    const { xml, cells } = cellsOf(domain("  <memory unit='GiB'>4</memory>\n  <vcpu placement='static'>4</vcpu>"), 2)
    expect(cells).toEqual([
      { cpus: '0-1', memoryKiB: 2097152 },
      { cpus: '2-3', memoryKiB: 2097152 },
    ])
    expect(xml).toContain("<memory unit='GiB'>4</memory>")
    expect(xml).toContain("<cell id='0' cpus='0-1' memory='2097152' unit='KiB'/>")
    expect(xml.indexOf('<cpu>')).toBeLessThan(xml.indexOf('<devices>'))
  })

  it('more cells than vCPUs: the vCPU count grows, never the other way', () => {
    const { xml, cells } = cellsOf(domain("  <memory unit='KiB'>2097152</memory>\n  <vcpu>1</vcpu>"), 2)
    expect(cells.map((c) => c.cpus)).toEqual(['0', '1'])
    expect(xml).toContain('<vcpu>2</vcpu>')
  })

  it('keeps a document that already has the cells, and the other attributes of a cell', () => {
    const head =
      "  <memory unit='KiB'>4194304</memory>\n  <vcpu>4</vcpu>\n  <cpu mode='host-passthrough'>\n    <numa>\n      <cell id='0' cpus='0-3' memory='4194304' unit='KiB' memAccess='shared'/>\n    </numa>\n  </cpu>"
    expect(cellsOf(domain(head), 1).cells).toEqual([{ cpus: '0-3', memoryKiB: 4194304 }])
    const two = cellsOf(domain(head), 2)
    expect(two.cells).toEqual([
      { cpus: '0-1', memoryKiB: 2097152 },
      { cpus: '2-3', memoryKiB: 2097152 },
    ])
    expect(two.xml).toContain("<cpu mode='host-passthrough'>")
    expect(two.xml).toContain("memAccess='shared'")
  })

  it('cells the user typed replace the split; memory grows to their sum', () => {
    const { xml, cells } = cellsOf(domain("  <memory unit='KiB'>2097152</memory>\n  <vcpu>2</vcpu>"), 2, [
      { cpus: '0', memoryKiB: 1048576 },
      { cpus: '1', memoryKiB: 2097152 },
    ])
    expect(cells).toEqual([
      { cpus: '0', memoryKiB: 1048576 },
      { cpus: '1', memoryKiB: 2097152 },
    ])
    expect(xml).toContain("<memory unit='KiB'>3145728</memory>")
  })
})
