import { diskNameFromIndex } from 'devaddr'

/**
 * A generated q35 domain with `n` devices: virtio disks on root ports, conventional-PCI NICs behind
 * bridges, SATA disks, virtio-serial channels, in the proportions 20/60/15/5.
 */
export function bigDomain(n = 1000): string {
  const disk = (dev: string, bus: string) =>
    `    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/${dev}.qcow2'/><target dev='${dev}' bus='${bus}'/></disk>`
  const name = diskNameFromIndex
  const virtio = Math.round(n * 0.2)
  const nics = Math.round(n * 0.6)
  const sata = Math.round(n * 0.15)
  const channels = n - virtio - nics - sata
  const lines: string[] = []
  for (let i = 0; i < virtio; i++) lines.push(disk(name('vd', i), 'virtio'))
  for (let i = 0; i < sata; i++) lines.push(disk(name('sd', i), 'sata'))
  for (let i = 0; i < nics; i++) {
    const mac = `52:54:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`
    lines.push(`    <interface type='network'><mac address='${mac}'/><source network='default'/><model type='e1000'/></interface>`)
  }
  for (let i = 0; i < channels; i++) lines.push(`    <channel type='unix'><target type='virtio' name='org.example.port.${i}'/></channel>`)
  return `<domain type='kvm'>
  <name>big-${n}</name>
  <memory unit='KiB'>16777216</memory>
  <vcpu placement='static'>16</vcpu>
  <os>
    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
  </os>
  <devices>
${lines.join('\n')}
  </devices>
</domain>
`
}
