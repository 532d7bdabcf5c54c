// Machine-type predicates, as libvirt's QEMU driver spells them (qemuDomainIsQ35(def) reads
// the def's machine and arch, qemuDomainMachineIsQ35 does the matching).

/** What a predicate reads of a domain: its arch and machine type as written. */
export interface MachineRef {
  arch: string
  machine: string
}

export const isX86 = (m: MachineRef) => m.arch === 'x86_64' || m.arch === 'i686'
export const isArm = (m: MachineRef) => m.arch === 'aarch64' || m.arch === 'armv7l' || m.arch === 'armv6l'
export const isRiscv = (m: MachineRef) => m.arch === 'riscv64' || m.arch === 'riscv32'
export const isPpc64 = (m: MachineRef) => m.arch === 'ppc64' || m.arch === 'ppc64le'
export const isS390 = (m: MachineRef) => m.arch === 's390x' || m.arch === 's390'
/** 32-bit PowerPC (mac99, g3beige, ppce500 on qemu-system-ppc) */
export const isPpc32 = (m: MachineRef) => m.arch === 'ppc' || m.arch === 'ppcemb'
export const isLoongArch = (m: MachineRef) => m.arch === 'loongarch64'

/** @see qemuDomainIsQ35, qemuDomainMachineIsQ35 */
export const isQ35 = (m: MachineRef) => isX86(m) && (m.machine === 'q35' || m.machine.startsWith('pc-q35'))

/** @see qemuDomainIsI440FX, qemuDomainMachineIsI440FX */
export const isI440fx = (m: MachineRef) =>
  isX86(m) &&
  (m.machine === 'pc' ||
    m.machine.startsWith('pc-0.') ||
    m.machine.startsWith('pc-1.') ||
    m.machine.startsWith('pc-i440fx-') ||
    m.machine.startsWith('rhel'))

/** @see qemuDomainIsARMVirt, qemuDomainMachineIsARMVirt */
export const isArmVirt = (m: MachineRef) => isArm(m) && (m.machine === 'virt' || m.machine.startsWith('virt-'))
/** @see qemuDomainIsRISCVVirt, qemuDomainMachineIsRISCVVirt */
export const isRiscvVirt = (m: MachineRef) => isRiscv(m) && (m.machine === 'virt' || m.machine.startsWith('virt-'))
/** @see qemuDomainIsPSeries, qemuDomainMachineIsPSeries */
export const isPSeries = (m: MachineRef) => isPpc64(m) && m.machine.startsWith('pseries')
/** @see qemuDomainIsS390CCW, qemuDomainMachineIsS390CCW */
export const isS390Ccw = (m: MachineRef) => isS390(m) && m.machine.startsWith('s390-ccw')
/** @see qemuDomainIsLoongArchVirt */
export const isLoongArchVirt = (m: MachineRef) => isLoongArch(m) && (m.machine === 'virt' || m.machine.startsWith('virt-'))
