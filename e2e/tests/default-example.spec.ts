import { expect, test } from '../fixtures/test.ts'

test.describe('default example', () => {
  test('opens the q35 example expanded: root ports, devices, groups, legend, minimap', async ({ studio, shot }) => {
    await studio.goto()
    await expect(studio.title).toHaveText('devaddr studio')
    await studio.waitReady()
    await expect(studio.error).toHaveCount(0)

    // user devices on root ports the engine added
    for (const id of ['disk0', 'disk1', 'disk2', 'interface0', 'interface1', 'hostdev0']) {
      await expect(studio.canvas.device(id)).toBeVisible()
    }
    await expect(studio.canvas.device('disk0')).toHaveAttribute('data-origin', 'input')
    await expect(studio.canvas.device('disk0')).toHaveAttribute('data-address', /^0000:[0-9a-f]{2}:00\.0$/)
    await expect(studio.canvas.device('disk0').getByTestId('guest-bdf')).toHaveText(/^guest [0-9a-f]{2}:00\.0$/)
    await expect(studio.canvas.ports.first()).toHaveAttribute('data-origin', 'auto')
    await expect(studio.canvas.ports.first()).toHaveAttribute('data-hotplug', 'on')
    // the spare hotplug port libvirt leaves on a new q35 domain
    await expect(studio.canvas.emptyPorts).toHaveCount(1)
    await expect(studio.canvas.buses.filter({ hasText: 'PCIe root complex' })).toBeVisible()

    // non-PCI buses: the SATA cdrom, the USB tablet, the guest-agent channel
    await expect(studio.canvas.groupItem('disk3')).toContainText('cdrom sda')
    await expect(studio.canvas.groupItem('input0')).toContainText('usb 0 port 1')
    await expect(studio.canvas.groupItem('channel0')).toBeVisible()

    await expect(studio.canvas.legend).toBeVisible()
    await expect(studio.canvas.minimap).toBeVisible()
    await studio.canvas.expectNoOverlaps()

    const state = await studio.state()
    expect(state.status).toBe('ready')
    expect(state.sourceName).toBe('q35-basic')
    expect(state.devices.filter((d) => d.address?.type === 'pci').length).toBeGreaterThan(10)
    await shot('default-example')

    // the inspector explains a device
    await studio.select('disk0')
    await expect(studio.inspector.address).toContainText("<address type='pci'")
    await expect(studio.inspector.origin).toHaveText('given in the input')
    await expect(studio.inspector.why).toBeVisible()

    // the highlight toggle outlines what the engine added
    await studio.toolbar.setView('highlightAdded', true)
    await expect(studio.page.locator('.port.added').first()).toBeVisible()
    await expect(studio.page.locator('.card.added[data-device-id="disk0"]')).toHaveCount(0)
    await shot('engine-additions')
  })
})
