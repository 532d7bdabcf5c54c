import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Debian 12 packages that give a libvirt QEMU driver able to define x86_64 and aarch64 domains. */
export const LIBVIRT_PACKAGES = [
  'libvirt-daemon-driver-qemu',
  'libvirt-daemon',
  'libvirt-clients',
  'qemu-system-x86',
  'qemu-system-arm',
] as const

/** The binaries the live check runs; all present means nothing to install. */
export const LIBVIRT_BINARIES = [
  '/usr/sbin/libvirtd',
  '/usr/bin/virsh',
  '/usr/bin/qemu-system-x86_64',
  '/usr/bin/qemu-system-aarch64',
] as const

/**
 * Installs libvirt and QEMU with apt-get when a binary is missing: one `apt-get update`, then
 * `apt-get install --no-install-recommends` (never libvirt-daemon-system, which pulls in systemd
 * upgrades, iptables and polkit). Runs apt-get directly as root, else through `sudo -n`.
 *
 * @param log where progress lines go
 * @throws when the packages cannot be installed
 */
export function ensureLibvirtInstalled(log: (line: string) => void): void {
  const missing = LIBVIRT_BINARIES.filter((b) => !existsSync(b))
  if (missing.length === 0) return
  log(`installing libvirt (missing ${missing.join(', ')}): apt-get install ${LIBVIRT_PACKAGES.join(' ')}`)
  const asRoot = process.getuid?.() === 0
  const run = (args: string[]): void => {
    const [cmd, ...rest] = asRoot ? args : ['sudo', '-n', ...args]
    execFileSync(cmd as string, rest, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  }
  run(['apt-get', 'update', '-qq'])
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...LIBVIRT_PACKAGES])
  const still = LIBVIRT_BINARIES.filter((b) => !existsSync(b))
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} is still missing`)
}
