import { describe, expect, it } from 'vitest'

import { compareAddress, compareDomains, formatDifference, parseNumeric, sameValue } from './compareDomains.ts'
import { parseXmlTree, type XmlElement } from './xmlTree.ts'

function tree(xml: string): XmlElement {
  const result = parseXmlTree(xml)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

function domain(devices: string): XmlElement {
  return tree(`<domain type='qemu'><name>t</name><devices>${devices}</devices></domain>`)
}

function diff(actual: string, expected: string): string[] {
  return compareDomains(domain(actual), domain(expected)).map(formatDifference)
}

const Q35 = `
  <emulator>/usr/bin/qemu-system-x86_64</emulator>
  <disk type='file' device='disk'>
    <target dev='vda' bus='virtio'/>
    <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>
  </disk>
  <controller type='usb' index='0' model='qemu-xhci'>
    <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
  </controller>
  <controller type='pci' index='0' model='pcie-root'/>
  <controller type='pci' index='1' model='pcie-root-port'>
    <model name='pcie-root-port'/>
    <target chassis='1' port='0x8'/>
    <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0' multifunction='on'/>
  </controller>
  <controller type='pci' index='2' model='pcie-root-port'>
    <model name='pcie-root-port'/>
    <target chassis='2' port='0x9'/>
    <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/>
  </controller>
  <input type='mouse' bus='ps2'/>
  <audio id='1' type='none'/>
  <watchdog model='itco' action='reset'/>
  <memballoon model='virtio'>
    <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>
  </memballoon>`

describe('parseNumeric', () => {
  it('reads hex and decimal alike', () => {
    expect(parseNumeric('0x1f')).toBe(31n)
    expect(parseNumeric('0x01')).toBe(1n)
    expect(parseNumeric('31')).toBe(31n)
    expect(parseNumeric('0x100000000')).toBe(4294967296n)
  })

  it('leaves non-numbers alone', () => {
    expect(parseNumeric('on')).toBeUndefined()
    expect(parseNumeric('pci')).toBeUndefined()
    expect(parseNumeric('')).toBeUndefined()
    expect(parseNumeric('-1')).toBeUndefined()
    expect(parseNumeric('0x')).toBeUndefined()
  })
})

describe('sameValue', () => {
  it('normalises numbers, compares the rest as strings', () => {
    expect(sameValue('0x1', '0x01')).toBe(true)
    expect(sameValue('0x0a', '10')).toBe(true)
    expect(sameValue('0x1', '0x2')).toBe(false)
    expect(sameValue('on', 'on')).toBe(true)
    expect(sameValue('on', 'off')).toBe(false)
    expect(sameValue(undefined, undefined)).toBe(true)
    expect(sameValue('0', undefined)).toBe(false)
  })
})

describe('compareDomains', () => {
  it('finds nothing between a document and itself', () => {
    expect(diff(Q35, Q35)).toEqual([])
  })

  it('ignores text layout, the elements outside the contract and everything outside <devices>', () => {
    const actual = Q35.replace(/\n\s*/g, '')
      .replace("<input type='mouse' bus='ps2'/>", '')
      .replace("<audio id='1' type='none'/>", '')
      .replace("<watchdog model='itco' action='reset'/>", '')
      .replace('<emulator>/usr/bin/qemu-system-x86_64</emulator>', '')
    const a = tree(`<domain type='kvm'><name>other</name><devices>${actual}</devices></domain>`)
    const e = tree(`<domain type='qemu'><cpu mode='custom'/><devices>${Q35}</devices></domain>`)
    expect(compareDomains(a, e)).toEqual([])
  })

  it('treats hex and decimal spellings of one address as equal', () => {
    const decimal = Q35.replace("bus='0x03' slot='0x00' function='0x0'", "bus='3' slot='0' function='0'").replace(
      "slot='0x01' function='0x1'",
      "slot='0x1' function='0x01'",
    )
    expect(diff(decimal, Q35)).toEqual([])
  })

  it('reports a differing controller address', () => {
    const moved = Q35.replace("slot='0x01' function='0x1'", "slot='0x02' function='0x0'")
    expect(diff(moved, Q35)).toEqual([
      'controller #4 pci index=2 model=pcie-root-port: address got slot=0x02 function=0x0, expected slot=0x01 function=0x1 (got address pci domain=0x0000 bus=0x00 slot=0x02 function=0x0)',
    ])
  })

  it('reports a missing multifunction attribute', () => {
    const plain = Q35.replace(" multifunction='on'", '')
    expect(diff(plain, Q35)).toEqual([
      'controller #3 pci index=1 model=pcie-root-port: address got multifunction=(none), expected multifunction=on (got address pci domain=0x0000 bus=0x00 slot=0x01 function=0x0)',
    ])
  })

  it('reports a missing controller, first as a count, then per position', () => {
    const fewer = Q35.replace(/<controller type='pci' index='2'[\s\S]*?<\/controller>/, '')
    const differences = diff(fewer, Q35)
    expect(differences[0]).toBe('controllers: got 3, expected 4 (missing pci index=2 model=pcie-root-port)')
    expect(differences).toContain('controller #4 pci index=2 model=pcie-root-port: missing in output')
  })

  it('reports controllers in the wrong order', () => {
    const reordered = Q35.replace("<controller type='pci' index='0' model='pcie-root'/>", '').replace(
      '<input ',
      "<controller type='pci' index='0' model='pcie-root'/><input ",
    )
    const differences = diff(reordered, Q35)
    expect(differences[0]).toBe('controller #2 pci index=0 model=pcie-root: index got 1, expected 0')
  })

  it('compares PCI controller targets and model names', () => {
    const changed = Q35.replace("<target chassis='2' port='0x9'/>", "<target chassis='2' port='0xa'/>").replace(
      "<model name='pcie-root-port'/>",
      "<model name='ioh3420'/>",
    )
    expect(diff(changed, Q35)).toEqual([
      'controller #3 pci index=1 model=pcie-root-port: <model name> got ioh3420, expected pcie-root-port',
      'controller #4 pci index=2 model=pcie-root-port: target port got 0xa, expected 0x9',
    ])
  })

  it('compares the <node> of an expander bus', () => {
    const pxb = (node: string): string =>
      `<controller type='pci' index='1' model='pci-expander-bus'><model name='pxb'/><target busNr='254'><node>${node}</node></target></controller>`
    expect(diff(pxb('1'), pxb('1'))).toEqual([])
    expect(diff(pxb('0'), pxb('1'))).toEqual(['controller #1 pci index=1 model=pci-expander-bus: target <node> got 0, expected 1'])
  })

  it('ignores <model name> of non-PCI controllers', () => {
    const usb = (model: string): string => `<controller type='usb' index='0' model='qemu-xhci'>${model}</controller>`
    expect(diff(usb(''), usb("<model name='qemu-xhci'/>"))).toEqual([])
  })

  it('reports a device address that differs, is missing, or is not expected', () => {
    const moved = Q35.replace("bus='0x02' slot='0x00'", "bus='0x04' slot='0x00'")
    expect(diff(moved, Q35)).toEqual([
      'memballoon #1 (virtio): address got bus=0x04, expected bus=0x02 (got address pci domain=0x0000 bus=0x04 slot=0x00 function=0x0)',
    ])
    const unaddressed = Q35.replace(/<address type='pci' domain='0x0000' bus='0x02'[^>]*\/>/, '')
    expect(diff(unaddressed, Q35)).toEqual([
      'memballoon #1 (virtio): address missing, expected address pci domain=0x0000 bus=0x02 slot=0x00 function=0x0',
    ])
    expect(diff(Q35, unaddressed)).toEqual([
      'memballoon #1 (virtio): address not expected, got address pci domain=0x0000 bus=0x02 slot=0x00 function=0x0',
    ])
  })

  it('pairs devices of one kind by position', () => {
    const disk = (dev: string, slot: string): string =>
      `<disk type='file' device='disk'><target dev='${dev}' bus='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='${slot}' function='0x0'/></disk>`
    expect(diff(disk('vda', '0x03') + disk('vdb', '0x04'), disk('vda', '0x03') + disk('vdb', '0x04'))).toEqual([])
    expect(diff(disk('vda', '0x04') + disk('vdb', '0x03'), disk('vda', '0x03') + disk('vdb', '0x04'))).toHaveLength(2)
    expect(diff(disk('vda', '0x03'), disk('vda', '0x03') + disk('vdb', '0x04'))).toEqual([
      'disk #2 (file vdb): missing in output (expected address pci domain=0x0000 bus=0x00 slot=0x04 function=0x0)',
    ])
  })

  it('scores an element outside the contract when libvirt gave it an address', () => {
    const tablet = (address: string): string => `<input type='tablet' bus='ps2'>${address}</input>`
    expect(diff(tablet(''), tablet("<address type='usb' bus='0' port='1'/>"))).toEqual([
      'input #1 (tablet ps2): missing in output (expected address usb bus=0 port=1)',
    ])
  })

  it('does not count an unaddressed device present on one side only', () => {
    expect(diff("<console type='pty'><target type='serial' port='0'/></console>", '')).toEqual([])
  })

  it('compares the zPCI child of an address', () => {
    const zpci = (uid: string): string =>
      `<hostdev mode='subsystem' type='pci'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'><zpci uid='${uid}' fid='0x0'/></address></hostdev>`
    expect(diff(zpci('0x0001'), zpci('0x1'))).toEqual([])
    expect(diff(zpci('0x0002'), zpci('0x0001'))).toEqual([
      'hostdev #1 (pci): address got <zpci uid=0x0002 fid=0x0>, expected <zpci uid=0x0001 fid=0x0>',
    ])
  })
})

describe('compareAddress', () => {
  it('treats two absent addresses as equal', () => {
    expect(compareAddress(undefined, undefined)).toBeUndefined()
  })

  it('compares the address type', () => {
    const a = tree("<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0000'/>")
    const b = tree("<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>")
    expect(compareAddress(a, b)).toBe(
      'address got ccw cssid=0xfe ssid=0x0 devno=0x0000, expected pci domain=0x0000 bus=0x00 slot=0x01 function=0x0',
    )
  })
})
