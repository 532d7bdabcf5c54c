import type { DomainDef } from '../domain/domainDef.ts'
import { culprit } from '../errors.ts'
import { fail } from '../failure.ts'
import { isArmVirt, isI440fx, isPSeries, isQ35 } from '../machine/machineType.ts'
import type { Device } from '../model/device.ts'
import { CONTROLLER_MODELS, controllerTypes } from './libvirtEnums.ts'

const XHCI_MAX_PORTS = 15
/** pSeries PHB target indexes QEMU accepts besides the default PHB's 0 */
const PHB_TARGET_INDEX_MAX = 30
/** libvirt reads a controller index into a C int */
const INDEX_MAX = 0x7fffffff
/** the highest PCI controller index: a PCI bus number is 8 bits */
const PCI_INDEX_MAX = 255

/** `<target>` numbers of a PCI controller and their ranges. @see virDomainControllerDefValidate */
const PCI_TARGET_RANGES = [
  ['chassisNr', 1, 255],
  ['chassis', 0, 255],
  ['port', 0, 255],
  ['busNr', 1, 254],
  ['index', 0, 31],
] as const

/**
 * Controller rules libvirt checks before it assigns anything: unique indexes, root
 * controllers at index 0 without an address, expander buses on the right machines and
 * NUMA nodes, USB companions with a master, xhci port counts, pSeries PHB target indexes.
 * @see virDomainDefRejectDuplicateControllers, virDomainControllerDefValidate, qemuDomainControllerDefPostParse
 */
export function validateControllers(def: DomainDef): void {
  const list = def.controllers
  // note: every number is checked before any rule below looks a controller up by it
  const types = controllerTypes(def.profile.nvmeDisks)
  for (const c of list) validateKindAndNumbers(c, types)
  // note: counted once, not looked for per controller: a domain may hold thousands
  const sameIndex = new Map<string, number>()
  const usbMasters = new Set<number | undefined>()
  for (const c of list) {
    if (c.index !== undefined) sameIndex.set(`${c.type}:${c.index}`, (sameIndex.get(`${c.type}:${c.index}`) ?? 0) + 1)
    if (c.type === 'usb' && (c.model === 'ich9-ehci1' || c.model === 'ehci')) usbMasters.add(c.index)
  }
  for (const c of list) {
    if (c.type === 'usb') {
      if (c.model === 'ich9-uhci1' || c.model === 'ich9-uhci2' || c.model === 'ich9-uhci3') {
        if (!usbMasters.has(c.index))
          fail(
            'invalid-controller',
            'a USB companion controller needs a master (ich9-ehci1) with the same index',
            culprit(c, 'virDomainDefControllersParse'),
          )
      }
      if ((c.model === 'nec-xhci' || c.model === 'qemu-xhci') && (c.ports ?? 0) > XHCI_MAX_PORTS)
        fail('invalid-controller', `'${c.model}' supports at most ${XHCI_MAX_PORTS} ports`, culprit(c, 'qemuDomainControllerDefPostParse'))
      continue
    }
    if ((sameIndex.get(`${c.type}:${c.index}`) ?? 0) > 1)
      fail(
        'invalid-controller',
        `more than one '${c.type}' controller has index ${c.index}`,
        culprit(c, 'virDomainDefRejectDuplicateControllers'),
      )
    if (c.type !== 'pci') continue
    if (c.model === 'pci-root' || c.model === 'pcie-root') {
      if (c.index !== 0 && !(isPSeries(def) && c.model === 'pci-root'))
        fail('invalid-controller', `${c.model} must have index 0`, culprit(c, 'qemuDomainControllerDefPostParse'))
      if (c.address && !isPSeries(def))
        fail('invalid-controller', `${c.model} is the root bus and takes no address`, culprit(c, 'virDomainControllerDefValidate'))
    }
    if (c.model === 'pci-expander-bus' && !isI440fx(def))
      fail(
        'unsupported',
        `pci-expander-bus needs an i440fx (pc) machine, not '${def.machine}'`,
        culprit(c, 'qemuDomainControllerDefPostParse'),
      )
    if (c.model === 'pcie-expander-bus' && !isQ35(def) && !isArmVirt(def))
      fail(
        'unsupported',
        `pcie-expander-bus needs a q35 or virt machine, not '${def.machine}'`,
        culprit(c, 'qemuDomainControllerDefPostParse'),
      )
    const node = c.target?.node
    if (node !== undefined) {
      if (isPSeries(def) && c.index === 0)
        fail('invalid-controller', 'the default PHB (index 0) cannot be tied to a NUMA node', culprit(c, 'virDomainControllerDefValidate'))
      if (node >= def.numaNodes)
        fail(
          'invalid-controller',
          `NUMA node ${node} is not one of the guest's ${def.numaNodes} NUMA nodes (<cpu><numa>)`,
          culprit(c, 'qemuDomainControllerDefPostParse'),
        )
    }
    if (isPSeries(def) && c.model === 'pci-root' && c.target?.index !== undefined) {
      const ti = c.target.index
      if (ti > PHB_TARGET_INDEX_MAX)
        fail(
          'invalid-controller',
          `PHB target index ${ti} is out of range (0-${PHB_TARGET_INDEX_MAX})`,
          culprit(c, 'virDomainControllerDefValidate'),
        )
      if ((ti === 0) !== (c.index === 0))
        fail(
          'invalid-controller',
          'only the PCI controller with index 0 can have target index 0, and vice versa',
          culprit(c, 'virDomainControllerDefValidate'),
        )
    }
  }
  validateUsbNone(def)
}

/**
 * The type and model are ones libvirt knows, the index fits libvirt's int (255 for PCI), and a
 * PCI controller's target numbers are in range.
 * @see virDomainControllerDefParseXML, virDomainControllerDefValidate
 */
function validateKindAndNumbers(c: Device, types: readonly string[]): void {
  const type = c.type ?? ''
  if (!types.includes(type))
    fail(
      'invalid-controller',
      `unknown controller type '${type}' (libvirt knows ${types.join(', ')})`,
      culprit(c, 'virDomainControllerDefParseXML'),
    )
  const models = CONTROLLER_MODELS[type]
  if (c.model !== undefined && models !== undefined && !models.includes(c.model))
    fail(
      'invalid-controller',
      `unknown model '${c.model}' for a ${type} controller (libvirt knows ${models.join(', ')})`,
      culprit(c, 'virDomainControllerDefParseXML'),
    )
  if (c.index !== undefined && (c.index < 0 || c.index > INDEX_MAX))
    fail('invalid-controller', `index ${c.index} must be between 0 and ${INDEX_MAX}`, culprit(c, 'virDomainControllerDefParseXML'))
  if (type !== 'pci') return
  if (c.index !== undefined && c.index > PCI_INDEX_MAX)
    fail(
      'invalid-controller',
      `PCI controller index ${c.index} is too high: the maximum is ${PCI_INDEX_MAX}`,
      culprit(c, 'virDomainControllerDefValidate'),
    )
  for (const [name, min, max] of PCI_TARGET_RANGES) {
    const v = c.target?.[name]
    if (v !== undefined && (v < min || v > max))
      fail(
        'invalid-controller',
        `PCI controller <target ${name}='${v}'> is out of range: it must be ${min}-${max}`,
        culprit(c, 'virDomainControllerDefValidate'),
      )
  }
}

/**
 * A pSeries PHB's target index, also when address assignment chose it, is one QEMU has (0-30).
 * @see virDomainControllerDefValidate
 */
export function validatePhbTargetIndexes(def: DomainDef): void {
  if (!isPSeries(def)) return
  for (const c of def.controllers) {
    const ti = c.type === 'pci' && c.model === 'pci-root' ? c.target?.index : undefined
    if (ti !== undefined && ti > PHB_TARGET_INDEX_MAX)
      fail(
        'invalid-controller',
        `PHB target index ${ti} is out of range (0-${PHB_TARGET_INDEX_MAX}): QEMU has ${PHB_TARGET_INDEX_MAX + 1} PHBs`,
        culprit(c, 'virDomainControllerDefValidate'),
      )
  }
}

/** With `<controller type='usb' model='none'>` there is no USB at all. */
function validateUsbNone(def: DomainDef): void {
  const usb = def.controllers.filter((c) => c.type === 'usb')
  if (!usb.some((c) => c.model === 'none')) return
  const other = usb.find((c) => c.model !== 'none')
  if (other)
    fail(
      'unsupported',
      'USB is disabled for this domain (model none): no other USB controller can be added',
      culprit(other, 'virDomainDefControllersParse'),
    )
  const hub = def.list('hub').find((h) => h.type === 'usb')
  if (hub)
    fail('unsupported', 'USB is disabled for this domain (model none): a USB hub cannot be added', culprit(hub, 'virDomainDefParseXML'))
  const input = def.list('input').find((i) => i.bus === 'usb')
  if (input)
    fail(
      'unsupported',
      'USB is disabled for this domain (model none): a USB input device cannot be added',
      culprit(input, 'virDomainDefParseXML'),
    )
}
