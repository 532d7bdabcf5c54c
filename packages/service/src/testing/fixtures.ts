/** Small domains the tests share. */

export const Q35_XML = `<domain type='kvm'>
  <name>vm</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/vm.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`

/** PIIX3 owns slot 1 of bus 0 on 'pc': libvirt refuses a NIC there. */
export const PC_RESERVED_SLOT_YAML = `arch: x86_64
machine: pc
devices:
  - kind: interface
    type: network
    model: e1000
    address: "0000:00:01.0"
`

export const Q35_DATA = {
  arch: 'x86_64',
  machine: 'q35',
  devices: [{ kind: 'interface', type: 'network', model: 'virtio' }],
}

export const NIC_XML = `<interface type='network'>
  <source network='default'/>
  <model type='virtio'/>
</interface>`

export const NIC_DATA = { kind: 'interface', type: 'network', model: 'virtio' }
