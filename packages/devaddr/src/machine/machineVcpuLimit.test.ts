import { describe, expect, it } from 'vitest'

import { machineVcpuLimit } from './machineVcpuLimit.ts'

const x86 = (machine: string) => ({ arch: 'x86_64', machine })

describe('machineVcpuLimit', () => {
  it("gives QEMU's limit per machine: i440fx 255, isapc 1, q35 by its version", () => {
    expect(machineVcpuLimit(x86('pc'), '7.2')).toBe(255)
    expect(machineVcpuLimit(x86('pc-i440fx-10.0'), '10.0')).toBe(255)
    expect(machineVcpuLimit(x86('isapc'), '10.0')).toBe(1)
    expect(machineVcpuLimit(x86('pc-q35-8.0'), '10.0')).toBe(288)
    expect(machineVcpuLimit(x86('pc-q35-8.1'), '10.0')).toBe(1024)
    expect(machineVcpuLimit(x86('pc-q35-8.2'), '10.0')).toBe(1024)
    expect(machineVcpuLimit(x86('pc-q35-9.0'), '10.0')).toBe(4096)
  })

  it("reads a bare q35 as the QEMU's own newest q35 machine", () => {
    expect(machineVcpuLimit(x86('q35'), '7.2')).toBe(288)
    expect(machineVcpuLimit(x86('q35'), '8.1.0')).toBe(1024)
    expect(machineVcpuLimit(x86('q35'), '11.1')).toBe(4096)
  })

  it('records nothing for other architectures and unknown names', () => {
    expect(machineVcpuLimit({ arch: 'aarch64', machine: 'virt' }, '10.0')).toBeUndefined()
    expect(machineVcpuLimit(x86('pc-q35-rhel9.4.0'), '10.0')).toBeUndefined()
  })
})
