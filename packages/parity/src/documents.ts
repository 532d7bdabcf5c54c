import type { DocumentSyntax } from '@devaddr/formats'

/** One document every front end is given. */
export interface ParityDocument {
  /** the file name the CLI reads it from (its extension gives the syntax) */
  file: string
  syntax: DocumentSyntax
  text: string
  /** what every front end must agree on without overrides: the policy used, or the error codes */
  expect: { policy: string } | { codes: string[] }
}

const Q35_XML = `<domain type='kvm'>
  <name>q35</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <!-- the boot disk -->
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/q35.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:00:00:01'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <input type='tablet' bus='usb'/>
  </devices>
</domain>
`

const recording = (name: string, version: number) =>
  Q35_XML.replace(
    '  <os>',
    `  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='${name}' version='${version}'/>\n  </metadata>\n  <os>`,
  )

export const DOCUMENTS: readonly ParityDocument[] = [
  { file: 'q35.xml', syntax: 'xml', text: Q35_XML, expect: { policy: 'libvirt@1' } },
  {
    file: 'pc.xml',
    syntax: 'xml',
    text: `<domain type='kvm'>
  <name>pc</name>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/hda.qcow2'/>
      <target dev='hda' bus='ide'/>
    </disk>
    <interface type='network'>
      <model type='e1000'/>
    </interface>
    <controller type='usb' model='piix3-uhci'/>
  </devices>
</domain>
`,
    expect: { policy: 'libvirt@1' },
  },
  {
    file: 'q35.yaml',
    syntax: 'yaml',
    text: `arch: x86_64
machine: q35
numaNodes: 2
devices:
  - kind: disk
    bus: virtio
    dst: vda
  - kind: interface
    type: network
    model: virtio
    numaNode: 1
  - kind: input
    type: tablet
    bus: usb
`,
    expect: { policy: 'libvirt@1' },
  },
  {
    file: 'pc.json',
    syntax: 'json',
    text: `${JSON.stringify({ arch: 'x86_64', machine: 'pc', policy: { name: 'virt-install', version: 1 }, devices: [{ kind: 'interface', type: 'network', model: 'e1000' }] }, null, 2)}\n`,
    expect: { policy: 'virt-install@1' },
  },
  { file: 'kubevirt.xml', syntax: 'xml', text: recording('kubevirt', 1), expect: { policy: 'kubevirt@1' } },
  { file: 'nova.xml', syntax: 'xml', text: recording('nova', 7), expect: { codes: ['unknown-policy'] } },
  { file: 'broken.xml', syntax: 'xml', text: "<domain type='kvm'>\n  <devices>\n</domain>\n", expect: { codes: ['xml-syntax'] } },
  {
    file: 'rejected.xml',
    syntax: 'xml',
    // PIIX3 owns slot 1 of bus 0 on 'pc': libvirt refuses a NIC there
    text: Q35_XML.replace("machine='q35'", "machine='pc'").replace(
      "<model type='virtio'/>",
      "<model type='virtio'/>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>",
    ),
    expect: { codes: ['reserved-slot'] },
  },
]

/** The options each document is run with, as each front end spells them. */
export interface ParityVariant {
  name: string
  /** `--existing`, `?existing=1` */
  existing?: true
  /** `--libvirt-version`, `?libvirtVersion=` */
  libvirtVersion?: '9.0'
  /** `--policy NAME`, `?policy=NAME` */
  policy?: string
}

export const VARIANTS: readonly ParityVariant[] = [
  { name: 'no options' },
  { name: 'existing', existing: true },
  { name: 'libvirt 9.0', libvirtVersion: '9.0' },
  { name: 'existing, libvirt 9.0, policy override', existing: true, libvirtVersion: '9.0', policy: 'ovirt' },
]
