import { LIBVIRT_VERSIONS, type LibvirtVersion } from 'devaddr'

/** The libvirt releases the live check can run. */
export const LIVE_RELEASES = ['9.0', '11.3', '12.8'] as const
export type LiveRelease = (typeof LIVE_RELEASES)[number]

/** Where a release's libvirt comes from. */
export interface ReleaseSource {
  release: LiveRelease
  /** the Debian suite shipping it */
  suite: 'bookworm' | 'trixie' | 'sid'
  /** QEMU of that suite (for the report) */
  qemu: string
  /** `host`: Debian 12's own packages; `chroot`: a root built with mmdebstrap */
  kind: 'host' | 'chroot'
  /** packages installed in the root (no Recommends) */
  packages: readonly string[]
}

const CHROOT_PACKAGES = [
  'libvirt-daemon',
  'libvirt-daemon-driver-qemu',
  'libvirt-clients',
  'qemu-system-x86',
  'qemu-system-arm',
  // note: from QEMU 9 on, qxl and spice live in these modules; without them qxl video is refused
  'qemu-system-modules-spice',
  'qemu-system-modules-opengl',
  // note: satisfy the driver's init and logind dependencies without systemd (polkitd needs a logind)
  'sysvinit-core',
  'elogind',
] as const

/** How each live release is obtained. */
export const RELEASE_SOURCES: Readonly<Record<LiveRelease, ReleaseSource>> = {
  '9.0': { release: '9.0', suite: 'bookworm', qemu: '7.2', kind: 'host', packages: [] },
  '11.3': { release: '11.3', suite: 'trixie', qemu: '10.0', kind: 'chroot', packages: CHROOT_PACKAGES },
  '12.8': {
    release: '12.8',
    suite: 'sid',
    qemu: '11.1',
    kind: 'chroot',
    packages: [...CHROOT_PACKAGES, 'systemd-standalone-sysusers'],
  },
}

/** `--libvirt 11.3` → '11.3'; undefined for anything else. */
export function parseLiveRelease(text: string): LiveRelease | undefined {
  return (LIVE_RELEASES as readonly string[]).includes(text) ? (text as LiveRelease) : undefined
}

/**
 * The engine profile to compare a release with: the release's own when the engine has it,
 * else the nearest the engine has (the newest not newer than the release, else the oldest).
 *
 * @param available the engine's profiles (default: `LIBVIRT_VERSIONS` of the engine in this tree)
 */
export function engineProfileFor(release: LiveRelease, available: readonly string[] = LIBVIRT_VERSIONS): LibvirtVersion {
  if (available.includes(release)) return release as LibvirtVersion
  const key = (v: string): number => {
    const [major = 0, minor = 0] = v.split('.').map(Number)
    return major * 1000 + minor
  }
  const sorted = [...available].sort((a, b) => key(a) - key(b))
  const older = sorted.filter((v) => key(v) <= key(release))
  return (older[older.length - 1] ?? sorted[0]) as LibvirtVersion
}
