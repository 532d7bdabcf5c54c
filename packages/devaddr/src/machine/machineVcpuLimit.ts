import { isI440fx, isQ35, isX86, type MachineRef } from './machineType.ts'
import { compareVersions } from './qemuCapabilities.ts'

/**
 * The most vCPUs an x86 machine type takes, as QEMU defines its machines (the `maxCpus` of the
 * machine list libvirt reads from QEMU): every i440fx machine 255, isapc 1; q35 288 up to its
 * 8.0 machine, 1,024 for 8.1 and 8.2, 4,096 from 9.0. A bare `q35` is the QEMU's own newest
 * q35 machine, of its version.
 * Source: the x86_64 machine lists of QEMU 7.2, 8.1 and 10.0 in libvirt 11.3's test data
 * (tests/qemucapabilitiesdata); checked live: 9.0 (QEMU 7.2) refuses 289 vCPUs on q35, 11.3 and
 * 12.8 refuse 4,097, all three refuse 256 on pc.
 *
 * @param qemu the target QEMU's version (`7.2`, `10.0.0`)
 * @returns undefined where nothing is recorded (other architectures, unversioned names QEMU
 *   does not use)
 */
export function machineVcpuLimit(m: MachineRef, qemu: string): number | undefined {
  if (!isX86(m)) return undefined
  if (m.machine === 'isapc') return 1
  if (isI440fx(m)) return 255
  if (!isQ35(m)) return undefined
  const version = m.machine === 'q35' ? qemu : /^pc-q35-(\d+\.\d+)$/.exec(m.machine)?.[1]
  if (version === undefined) return undefined
  if (compareVersions(version, '8.1') < 0) return 288
  return compareVersions(version, '9.0') < 0 ? 1024 : 4096
}
