import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { expect, test } from '../fixtures/test.ts'

const example = (name: string) => fileURLToPath(new URL(`../../public/examples/${name}`, import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/domains/${name}`, import.meta.url))
const realistic = (name: string) => fileURLToPath(new URL(`../../packages/livecheck/realistic/${name}`, import.meta.url))

test.describe('import', () => {
  test('a virt-manager domain with NVMe disks (12.8): each controller on a root port of its own, its disks on it', async ({
    studio,
    shot,
    exportXml,
  }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.openFile(realistic('virt-manager-q35-nvme-disks.xml'))
    await expect.poll(async () => (await studio.state()).sourceName).toBe('virt-manager-q35-nvme-disks')
    await studio.waitReady()
    const state = await studio.state()
    expect(state.libvirtVersion).toBe('12.8')
    // note: the NVMe controllers are the engine's (implicit), named after their type and index
    const controllers = state.devices.filter((d) => d.kind === 'controller' && d.id.startsWith('controller-nvme'))
    expect(controllers.map((c) => [c.id, c.index])).toEqual([
      ['controller-nvme0', 0],
      ['controller-nvme1', 1],
    ])
    const rootPorts = new Set(state.devices.filter((d) => d.model === 'pcie-root-port').map((p) => p.index))
    for (const c of controllers) {
      expect(c.address?.type).toBe('pci')
      expect(rootPorts.has(c.address?.bus ?? null), `${c.id} on a root port`).toBe(true)
    }
    const disks = state.devices.filter((d) => d.kind === 'disk' && d.address?.type === 'drive')
    expect(disks.map((d) => d.address)).toEqual([
      { type: 'drive', controller: 0, bus: 0, target: 0, unit: 0 },
      { type: 'drive', controller: 1, bus: 0, target: 0, unit: 0 },
    ])
    await studio.canvas.expectNoOverlaps()
    await shot('import-nvme')
    const xml = await exportXml('import-nvme')
    expect(xml).toContain("<controller type='nvme' index='1'>")
    expect(xml).toContain('<serial>nvme-data-0002</serial>')
  })

  test('a RHEL host domain (machine pc-i440fx-rhel7.6.0, which no upstream QEMU offers): drawn as a pc-i440fx, the refusal in Problems', async ({
    studio,
    shot,
  }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.openFile(realistic('migrated-centos7-host-rhel-machine.xml'))
    await expect.poll(async () => (await studio.state()).sourceName).toBe('migrated-centos7-host-rhel-machine')
    await expect(studio.main).toHaveAttribute('data-status', 'error')
    const banner = studio.page.getByTestId('invalid-banner')
    await expect(banner).toHaveAttribute('data-as', 'machine-family')
    await expect(banner).toContainText("no machine type 'pc-i440fx-rhel7.6.0'")
    // the customer's topology as its file gives it: the disk where the file puts it, on the root bus
    await expect(studio.canvas.device('disk0')).toContainText('0000:00:06.0')
    await expect(studio.page.locator('[data-testid="bus-node"][data-model="pci-root"]')).toBeVisible()
    const problems = studio.page.getByTestId('problems')
    await expect(problems).toHaveAttribute('data-count', '1')
    await expect(problems).toContainText('QEMU 11.1 has no machine type')
    await studio.canvas.expectNoOverlaps()
    await shot('import-rhel-machine')
  })

  test('a domain XML file: its devices and the controllers the engine adds', async ({ studio, shot, exportXml }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.openFile(example('q35-conventional-pci.xml'))
    await expect.poll(async () => (await studio.state()).sourceName).toBe('q35-conventional-pci')
    await studio.waitReady()

    // e1000 and rtl8139 are conventional PCI: behind an auto-added pcie-to-pci-bridge
    const bridge = studio.canvas.buses.filter({ has: studio.page.locator('[data-model="pcie-to-pci-bridge"]') })
    await expect(studio.page.locator('[data-testid="bus-node"][data-model="pcie-to-pci-bridge"]')).toHaveAttribute('data-origin', 'auto')
    void bridge
    await expect(studio.canvas.device('interface0')).toBeVisible()
    const state = await studio.state()
    const bridgeDev = state.devices.find((d) => d.model === 'pcie-to-pci-bridge')!
    expect(state.devices.find((d) => d.id === 'interface0')?.address).toMatchObject({ type: 'pci', bus: bridgeDev.index })
    expect(state.devices.filter((d) => d.model === 'pcie-root-port' && d.origin === 'auto').length).toBeGreaterThan(1)
    await studio.canvas.expectNoOverlaps()
    await shot('import-conventional-pci')
    expect(await exportXml('import-conventional-pci')).toContain("model='pcie-to-pci-bridge'")
  })

  test('pasted XML (pc/i440fx): a flat PCI bus and IDE/SCSI groups', async ({ studio, shot, exportXml }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.paste(readFileSync(example('pc-i440fx.xml'), 'utf8'))
    await expect.poll(async () => (await studio.state()).sourceName).toBe('pasted')
    await studio.waitReady()
    await expect(studio.page.locator('[data-testid="bus-node"][data-model="pci-root"]')).toBeVisible()
    await expect(studio.canvas.ports).toHaveCount(0)
    await expect(studio.canvas.groupItem('disk0')).toContainText('drive 0:0:0:0')
    await expect(studio.page.locator('[data-testid="group-node"][data-group="grp:scsi:0"]')).toBeVisible()
    const state = await studio.state()
    expect(state.devices.find((d) => d.kind === 'controller' && d.model === 'piix3-uhci')?.origin).toBe('default')
    await studio.canvas.expectNoOverlaps()
    await shot('import-pc-i440fx')
    expect(await exportXml('import-pc-i440fx')).toContain("model='piix3-uhci'")
  })

  test('a file dropped on the page', async ({ studio, exportXml }) => {
    await studio.goto()
    await studio.waitReady()
    const xml = readFileSync(example('aarch64-virt.xml'), 'utf8')
    const dataTransfer = await studio.page.evaluateHandle((text) => {
      const dt = new DataTransfer()
      dt.items.add(new File([text], 'aarch64-virt.xml', { type: 'application/xml' }))
      return dt
    }, xml)
    await studio.main.dispatchEvent('dragover', { dataTransfer })
    await studio.main.dispatchEvent('drop', { dataTransfer })
    await expect.poll(async () => (await studio.state()).sourceName).toBe('aarch64-virt')
    await studio.waitReady()
    expect((await studio.state()).devices.find((d) => d.id === 'interface0')?.address?.type).toBe('pci')
    expect(await exportXml('import-aarch64-virt')).toContain("machine='virt")
  })

  test('a domain refused as a whole (an architecture devaddr does not model): the refusal in the page and in Problems', async ({
    studio,
  }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.paste(readFileSync(example('pc-i440fx.xml'), 'utf8').replace(/arch='x86_64'/, "arch='mips'"))
    await expect(studio.main).toHaveAttribute('data-status', 'error')
    await expect(studio.error).toHaveAttribute('data-kind', 'addr')
    await expect(studio.error.getByTestId('error-message')).toContainText("architecture 'mips'")
    const problems = studio.page.getByTestId('problems')
    await expect(problems).toHaveAttribute('data-count', '1')
    await expect(problems).toContainText("architecture 'mips'")
  })

  test('a broken XML shows an error with its line', async ({ studio, shot }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.openFile(fixture('broken.xml'))
    await expect(studio.main).toHaveAttribute('data-status', 'error')
    await expect(studio.error).toBeVisible()
    await expect(studio.error).toHaveAttribute('data-kind', 'xml')
    await expect(studio.error.getByTestId('error-message')).toContainText(/^line \d+/)
    const state = await studio.state()
    expect(state.error?.line).toBeGreaterThan(1)
    await expect(studio.error).toHaveAttribute('data-line', String(state.error?.line))
    await expect(studio.error.locator('.error-line')).toBeVisible()
    await shot('broken-xml')
    // undo goes back to the last good document
    await studio.toolbar.undo.click()
    await studio.waitReady()
  })
})
