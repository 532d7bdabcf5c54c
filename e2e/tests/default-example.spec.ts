import { expect, test } from '../fixtures/test.ts'

test.describe('default example', () => {
  test('renders the q35 example with PCI addresses and no console errors', async ({ studio, consoleErrors }, testInfo) => {
    await studio.goto()

    await expect(studio.title).toHaveText('devaddr studio')
    await expect(studio.main).toHaveAttribute('data-status', 'ready', { timeout: 15_000 })
    await expect(studio.error).toHaveCount(0)

    await expect(studio.deviceTable).toBeVisible()
    const disks = studio.deviceRows.filter({ has: studio.page.getByTestId('device-kind').getByText('disk', { exact: true }) })
    await expect(disks).toHaveCount(3)
    await expect(studio.pciAddresses.first()).toBeVisible()
    await expect(studio.pciAddresses.first()).toHaveText(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]/)

    // the virtio disk vda got a guest PCI address
    const vda = studio.deviceRows.filter({ hasText: 'vda' })
    await expect(vda.getByTestId('device-address')).toHaveAttribute('data-address-type', 'pci')

    await expect(studio.xmlPane).toContainText(/<address type=['"]pci['"]/)

    const state = await studio.e2eState()
    expect(state?.status).toBe('ready')
    expect(state?.devices.some((d) => d.address?.type === 'pci')).toBe(true)

    await studio.page.screenshot({ path: testInfo.outputPath('default-example.png'), fullPage: true })
    expect(consoleErrors).toEqual([])
  })
})
