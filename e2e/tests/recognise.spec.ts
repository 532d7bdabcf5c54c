import { fileURLToPath } from 'node:url'

import { expect, test } from '../fixtures/test.ts'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/domains/${name}`, import.meta.url))

test.describe('recognisable devices and visible problems', () => {
  test('search finds a NIC by its MAC; the card shows the MAC and the network', async ({ studio, shot, exportXml }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.page.getByTestId('palette-nic-virtio').click()
    await expect.poll(async () => (await studio.state()).facts?.['new-interface0']?.mac).toMatch(/^52:54:00:/)
    const mac = (await studio.state()).facts!['new-interface0']!.mac!
    await expect(studio.canvas.device('new-interface0').getByTestId('card-details')).toContainText(mac)
    await expect(studio.canvas.device('new-interface0').getByTestId('card-details')).toContainText('network default')

    await studio.page.getByTestId('palette-disk-virtio').click()
    await studio.search.fill(mac)
    await expect(studio.page.getByTestId('search-count')).toHaveText('1 found')
    await expect(studio.canvas.device('new-interface0')).toHaveAttribute('data-search', 'hit')
    await expect(studio.canvas.device('disk0')).toHaveAttribute('data-search', 'miss')
    await studio.search.press('Enter')
    await expect(studio.inspector.root).toHaveAttribute('data-device-id', 'new-interface0')
    await shot('search-mac')

    // the MAC is editable, and the search follows it
    await studio.inspector.prop('nic-mac').fill('52:54:00:ab:cd:ef')
    await studio.inspector.propsApply.click()
    await expect.poll(async () => (await studio.state()).facts?.['new-interface0']?.mac).toBe('52:54:00:ab:cd:ef')
    await studio.search.fill('ab:cd:ef')
    await expect(studio.page.getByTestId('search-count')).toHaveText('1 found')
    expect(await exportXml('recognise-mac')).toContain("<mac address='52:54:00:ab:cd:ef'/>")
  })

  test('a document with an address conflict is still drawn, the two devices marked and linked from Problems', async ({ studio, shot }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.openFile(fixture('address-conflict.xml'))
    await expect(studio.main).toHaveAttribute('data-status', 'error')
    await expect(studio.page.getByTestId('invalid-banner')).toBeVisible()
    await expect(studio.canvas.root).toHaveAttribute('data-layout', 'ready')
    // the banner sits above the drawing, not over the root complex's header
    const banner = (await studio.page.getByTestId('invalid-banner').boundingBox())!
    const canvas = (await studio.canvas.root.boundingBox())!
    expect(banner.y + banner.height).toBeLessThanOrEqual(canvas.y)
    await expect(studio.canvas.device('disk0')).toBeVisible()
    await expect(studio.canvas.device('interface0')).toHaveAttribute('data-marked', 'true')
    await expect(studio.canvas.device('interface1')).toHaveAttribute('data-marked', 'true')
    await expect(studio.canvas.device('disk0')).not.toHaveAttribute('data-marked', 'true')

    const problem = studio.problems.getByTestId('problem').first()
    await expect(problem).toHaveAttribute('data-kind', 'error')
    await expect(studio.problems).not.toHaveAttribute('data-count', '0')
    const id = await problem.getAttribute('data-device-id')
    expect(['interface0', 'interface1']).toContain(id)
    await problem.getByRole('button').click()
    await expect(studio.inspector.root).toHaveAttribute('data-device-id', id!)
    await shot('address-conflict')
  })
})
