import { type CommandIo, readTextFile, UsageError, withNewline } from '../commandIo.ts'
import { parseLibvirtVersion } from '../libvirtVersionOption.ts'
import { parseMaxBytes } from '../maxBytesOption.ts'
import { parseQemuMissingOption, parseQemuOption } from '../qemuOption.ts'
import { syntaxOf } from '../syntax.ts'
import { loadPolicy } from './expand.ts'

/** Options of `devaddr hotplug`. */
export interface HotplugCommandOptions {
  policy?: string
  /** `--libvirt-version`: the libvirt release to imitate */
  libvirtVersion?: string
  /** `--max-bytes`: the largest file read */
  maxBytes?: string
  /** `--qemu`: the QEMU whose devices to assume */
  qemu?: string
  /** `--qemu-missing`: capabilities that QEMU lacks on top */
  qemuMissing?: string
}

/**
 * `devaddr hotplug [--policy FILE] DOMAIN DEVICE.xml`: the address DEVICE gets when it is
 * hotplugged into the running guest DOMAIN (an expanded domain: XML, YAML or JSON). Prints DEVICE
 * with its `<address>` filled in, ready for `virsh attach-device`; the address alone goes to
 * stderr as `address: 0000:05:00.0`.
 *
 * @returns 0 placed, 1 no hotpluggable slot is free or a file is rejected or unreadable
 */
export async function runHotplug(
  domainFile: string | undefined,
  deviceFile: string | undefined,
  options: HotplugCommandOptions,
  io: CommandIo,
): Promise<0 | 1> {
  if (!domainFile || !deviceFile) throw new UsageError('hotplug needs DOMAIN and DEVICE files')
  const policy = await loadPolicy(options.policy)
  const maxBytes = parseMaxBytes(options.maxBytes)
  const domainText = await readTextFile(domainFile, maxBytes)
  const deviceText = domainText.ok ? await readTextFile(deviceFile, maxBytes) : domainText
  if (!domainText.ok || !deviceText.ok) {
    io.stderr(withNewline(!domainText.ok ? domainText.message : !deviceText.ok ? deviceText.message : ''))
    return 1
  }
  const { loadDomain, resolveRun } = await import('../domainText.ts')
  const { parseDeviceXml, writeDeviceXml, formatXmlError, addressText } = await import('@devaddr/formats')
  const { hotplugDevice, formatAddrError } = await import('devaddr')
  const domain = loadDomain(domainText.text, syntaxOf(domainFile), maxBytes)
  if (!domain.ok) {
    io.stderr(withNewline(`${domainFile}: ${domain.message}`))
    return 1
  }
  const device = parseDeviceXml(deviceText.text)
  if (!device.ok) {
    io.stderr(withNewline(`${deviceFile}: ${formatXmlError(device.error)}`))
    return 1
  }
  const libvirtVersion = parseLibvirtVersion(options.libvirtVersion)
  const qemu = parseQemuOption(options.qemu)
  const qemuCaps = parseQemuMissingOption(options.qemuMissing)
  const run = resolveRun(domain.value, {
    ...(policy === undefined ? {} : { policy }),
    ...(libvirtVersion ? { libvirtVersion } : {}),
    ...(qemu ? { qemu } : {}),
    ...(qemuCaps ? { qemuCaps } : {}),
  })
  if (!run.ok) {
    io.stderr(withNewline(`${domainFile}: ${run.message}`))
    return 1
  }
  const placed = hotplugDevice(domain.value.input, device.value.device, {
    policy: run.value.policy,
    libvirtVersion: run.value.libvirtVersion,
    ...(run.value.qemu !== undefined ? { qemu: run.value.qemu } : {}),
    ...(run.value.qemuCaps !== undefined ? { qemuCaps: run.value.qemuCaps } : {}),
  })
  if (!placed.ok) {
    io.stderr(withNewline(placed.error.map(formatAddrError).join('\n')))
    return 1
  }
  io.stdout(withNewline(writeDeviceXml(device.value, placed.value.device)))
  io.stderr(`address: ${addressText(placed.value.device.address)}\n`)
  return 0
}
