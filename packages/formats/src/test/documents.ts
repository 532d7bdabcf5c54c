/** Small documents the pipeline's tests share. */

export const Q35_XML = `<domain type='kvm'>
  <name>vm</name>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <!-- the boot disk -->
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/vda.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='network'>
      <model type='virtio'/>
    </interface>
  </devices>
</domain>
`

/** `Q35_XML` recording a policy in devaddr's `<metadata>`. */
export function recording(name: string, version: number): string {
  return Q35_XML.replace(
    '  <os>',
    `  <metadata>\n    <devaddr:policy xmlns:devaddr='https://devaddr.dev/xml/policy/1' name='${name}' version='${version}'/>\n  </metadata>\n  <os>`,
  )
}

export const Q35_YAML = `arch: x86_64
machine: q35
devices:
  - kind: interface
    type: network
    model: virtio
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
