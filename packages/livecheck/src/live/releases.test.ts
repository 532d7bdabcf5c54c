import { describe, expect, it } from 'vitest'

import { engineProfileFor, parseLiveRelease, RELEASE_SOURCES } from './releases.ts'

describe('engineProfileFor', () => {
  it("takes the release's own profile when the engine has it", () => {
    expect(engineProfileFor('11.3', ['9.0', '9.9', '11.3', '12.8'])).toBe('11.3')
    expect(engineProfileFor('9.0', ['9.9', '9.0'])).toBe('9.0')
  })

  it('else the newest profile not newer than the release, else the oldest', () => {
    expect(engineProfileFor('11.3', ['9.9', '9.0'])).toBe('9.9')
    expect(engineProfileFor('12.8', ['9.0', '9.9', '11.3'])).toBe('11.3')
    expect(engineProfileFor('9.0', ['9.9', '11.3'])).toBe('9.9')
  })
})

describe('release sources', () => {
  it('parses only the releases it can run', () => {
    expect(parseLiveRelease('12.8')).toBe('12.8')
    expect(parseLiveRelease('9.9')).toBeUndefined()
  })

  it('runs 9.0 from the host and the newer ones from chroots with systemd-free init', () => {
    expect(RELEASE_SOURCES['9.0'].kind).toBe('host')
    for (const r of ['11.3', '12.8'] as const) {
      expect(RELEASE_SOURCES[r].kind).toBe('chroot')
      expect(RELEASE_SOURCES[r].packages).toEqual(expect.arrayContaining(['sysvinit-core', 'qemu-system-modules-spice', 'elogind']))
    }
    expect(RELEASE_SOURCES['12.8'].packages).toContain('systemd-standalone-sysusers')
  })
})
