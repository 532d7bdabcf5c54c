import { expect, test } from '../fixtures/test.ts'

/** The `<address>` of the disk whose target is `dev`, in a domain XML. */
function diskAddress(xml: string, dev: string): string | undefined {
  const disk = [...xml.matchAll(/<disk\b[\s\S]*?<\/disk>/g)].map((m) => m[0]).find((d) => d.includes(`dev='${dev}'`))
  return disk?.match(/<address [^>]*\/>/)?.[0]
}

test.describe('editing through the engine', () => {
  test('drag a device to a free port: the exported XML has its new address; undo and redo', async ({ studio, shot, exportXml }) => {
    await studio.goto()
    await studio.waitReady()
    const before = (await studio.device('disk0'))!.address
    const free = studio.canvas.emptyPorts.first()
    const freeIndex = Number(await free.getAttribute('data-index'))

    const seq = await studio.renderSeq()
    await studio.canvas.drag(studio.canvas.device('disk0'), free)
    await studio.waitRedraw(seq)
    await expect
      .poll(async () => (await studio.device('disk0'))?.address)
      .toMatchObject({ type: 'pci', bus: freeIndex, slot: 0, function: 0 })
    await expect(studio.canvas.port(freeIndex)).toHaveAttribute('data-empty', 'false')
    await expect(studio.canvas.port(freeIndex).locator('xpath=ancestor::div[contains(@class,"react-flow__node")][1]')).toBeVisible()
    await shot('after-drag')

    const xml = await exportXml('edit-drag')
    const hex = freeIndex.toString(16).padStart(2, '0')
    expect(diskAddress(xml, 'vda')).toBe(`<address type='pci' domain='0x0000' bus='0x${hex}' slot='0x00' function='0x0'/>`)
    expect(xml).toContain('<name>q35-basic</name>')
    expect(xml).toContain("<source file='/var/lib/libvirt/images/q35-basic-root.qcow2'/>")

    // undo (Ctrl+Z) restores the engine's own placement; redo (Ctrl+Shift+Z) moves it again
    await studio.canvas.root.click({ position: { x: 5, y: 5 } })
    await studio.page.keyboard.press('Control+z')
    await expect.poll(async () => (await studio.device('disk0'))?.address).toEqual(before)
    await studio.page.keyboard.press('Control+Shift+z')
    await expect.poll(async () => (await studio.device('disk0'))?.address).toMatchObject({ bus: freeIndex })
    await studio.toolbar.undo.click()
    await expect.poll(async () => (await studio.device('disk0'))?.address).toEqual(before)
  })

  test('a drop the engine refuses snaps back and shows its message', async ({ studio, shot }) => {
    await studio.goto()
    await studio.waitReady()
    // pin vda to the spare port, then try to put vdb on the same port
    const free = studio.canvas.emptyPorts.first()
    const freeIndex = Number(await free.getAttribute('data-index'))
    let seq = await studio.renderSeq()
    await studio.canvas.drag(studio.canvas.device('disk0'), free)
    await studio.waitRedraw(seq)
    await expect.poll(async () => (await studio.device('disk0'))?.address).toMatchObject({ bus: freeIndex })

    const vdb = (await studio.device('disk1'))!.address
    seq = await studio.renderSeq()
    await studio.canvas.drag(studio.canvas.device('disk1'), studio.canvas.port(freeIndex))
    await expect(studio.notice).toHaveAttribute('data-kind', 'error')
    await expect(studio.notice).toContainText('refused')
    await expect(studio.notice).toContainText('PCI address already in use')
    await expect(studio.problems.getByTestId('problem').first()).toContainText('already in use')
    expect((await studio.device('disk1'))!.address).toEqual(vdb)
    // the card is back inside its own port
    const card = await studio.canvas.device('disk1').boundingBox()
    const home = await studio.canvas.port(Number(vdb?.bus)).boundingBox()
    expect(card && home && card.y > home.y && card.y < home.y + home.height).toBe(true)
    await shot('refused-drop')
  })

  test('add from the palette, edit an address in the inspector, remove', async ({ studio }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.page.getByTestId('palette-nic-virtio').click()
    await expect.poll(async () => (await studio.device('new-interface0'))?.address?.type).toBe('pci')
    await expect(studio.inspector.root).toHaveAttribute('data-device-id', 'new-interface0')

    // an address on the root complex (an integrated endpoint)
    await studio.inspector.setAddress('00', '0a')
    await expect.poll(async () => (await studio.device('new-interface0'))?.address).toMatchObject({ bus: 0, slot: 10 })
    // the ICH9 LPC slot is refused with the engine's message
    await studio.inspector.setAddress('00', '1f')
    await expect(studio.notice).toContainText('reserved')
    await expect.poll(async () => (await studio.device('new-interface0'))?.address).toMatchObject({ bus: 0, slot: 10 })

    await studio.inspector.remove.click()
    await expect.poll(async () => (await studio.device('new-interface0')) === undefined).toBe(true)
  })

  test('a refused edit is listed in Problems by its device: clicking it selects that device', async ({ studio }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.page.getByTestId('palette-nic-virtio').click()
    await expect(studio.inspector.root).toHaveAttribute('data-device-id', 'new-interface0')
    await studio.inspector.setAddress('00', '1f')
    const problem = studio.problems.locator('[data-testid="problem"][data-kind="error"]').first()
    await expect(problem).toContainText('reserved')
    await expect(problem).toHaveAttribute('data-device-id', 'new-interface0')
    // the notice keeps the engine's errors as data, not only their text
    const notice = (await studio.state()).notice
    expect(notice?.kind === 'error' && notice.refused?.subjectId).toBe('new-interface0')
    expect(notice?.kind === 'error' && notice.refused?.errors.length).toBeGreaterThan(0)

    await studio.canvas.root.click({ position: { x: 5, y: 5 } })
    await expect(studio.inspector.root).toHaveAttribute('data-empty', 'true')
    await problem.getByRole('button').click()
    await expect(studio.inspector.root).toHaveAttribute('data-device-id', 'new-interface0')
    expect((await studio.state()).selectedId).toBe('new-interface0')
  })
})
