import { fileURLToPath } from 'node:url'

import { expect, test } from '../fixtures/test.ts'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/domains/${name}`, import.meta.url))

test.describe('libvirt release and refused documents', () => {
  test('choosing libvirt 9.0: the q35 export has no iTCO watchdog; the choice is undoable and survives a reload', async ({
    studio,
    page,
    exportXml,
  }) => {
    await studio.goto()
    await studio.waitReady()
    // note: q35-switch's machine is the unversioned q35: the default example's pc-q35-8.2 is newer
    // than the QEMU 7.2 of libvirt 9.0, which refuses it (the engine does not, yet)
    await studio.toolbar.openExample('q35-switch')
    await expect.poll(async () => (await studio.state()).sourceName).toBe('q35-switch')
    await studio.waitReady()
    expect((await studio.state()).expandedXml).toContain("<watchdog model='itco'")
    const options = await studio.toolbar.libvirtVersion.locator('option').allInnerTexts()
    expect(options.some((o) => o.startsWith('9.0'))).toBe(true)

    const seq = await studio.renderSeq()
    await studio.toolbar.chooseLibvirtVersion('9.0')
    await studio.waitRedraw(seq)
    await expect(studio.toolbar.libvirtVersion).toHaveValue('9.0')
    expect((await studio.state()).edits?.libvirtVersion).toBe('9.0')
    const xml = await exportXml('release-choice')
    expect(xml).toContain("machine='q35'")
    expect(xml).not.toContain('itco')

    await studio.toolbar.undo.click()
    await expect.poll(async () => (await studio.state()).edits?.libvirtVersion).toBeUndefined()
    await expect.poll(async () => (await studio.state()).expandedXml ?? '').toContain('itco')
    await studio.toolbar.redo.click()
    await expect(studio.toolbar.libvirtVersion).toHaveValue('9.0')

    // the autosave keeps the release with the edits
    await page.waitForTimeout(600)
    await page.reload()
    await studio.waitReady()
    await expect(studio.toolbar.libvirtVersion).toHaveValue('9.0')
    expect((await studio.state()).expandedXml).not.toContain('itco')
  })

  test('a document refused for an address conflict is fixed by moving one of the two devices', async ({ studio, exportXml }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.openFile(fixture('address-conflict.xml'))
    await expect(studio.main).toHaveAttribute('data-status', 'error')
    await expect(studio.canvas.device('interface1')).toHaveAttribute('data-marked', 'true')

    await studio.canvas.device('interface1').click()
    await expect(studio.inspector.root).toHaveAttribute('data-device-id', 'interface1')
    await studio.inspector.bus.fill('0')
    await studio.inspector.slot.fill('6')
    await studio.inspector.fn.fill('0')
    await studio.inspector.apply.click()

    await studio.waitReady()
    await expect(studio.page.getByTestId('invalid-banner')).toHaveCount(0)
    expect((await studio.device('interface1'))?.xmlAddress).toBe('0000:00:06.0')
    expect((await studio.device('interface0'))?.xmlAddress).toBe('0000:00:05.0')
    expect((await studio.state()).expandedXml).toContain("slot='0x06'")
    // the fixed document is exported, for the define script to check that libvirt takes it as it is
    expect(await exportXml('address-conflict-fixed')).toContain("slot='0x06'")
  })
})
