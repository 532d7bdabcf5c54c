import { expect, test } from '../fixtures/test.ts'

test.describe('policy controls', () => {
  test('reserve 4 hotplug ports', async ({ studio, shot }) => {
    await studio.goto()
    await studio.waitReady()
    await expect(studio.canvas.emptyPorts).toHaveCount(1)
    const seq = await studio.renderSeq()
    await studio.toolbar.reserveSparePorts(4)
    await studio.waitRedraw(seq)
    await expect(studio.canvas.emptyPorts).toHaveCount(4)
    const state = await studio.state()
    expect(state.edits?.sparePortsFree).toBe(4)
    const used = new Set(state.devices.map((d) => (d.address?.type === 'pci' ? d.address.bus : -1)))
    expect(state.devices.filter((d) => d.model === 'pcie-root-port' && !used.has(d.index!)).length).toBe(4)
    await studio.canvas.expectNoOverlaps()
    await shot('spare-ports-4')

    // switch one spare port's hotplug off
    await studio.canvas.emptyPorts.first().click()
    // note: a click, not uncheck(): the box changes only once the engine has accepted the edit
    await studio.inspector.hotplug.click()
    await expect(studio.page.locator('[data-testid="port-node"][data-hotplug="off"]')).toHaveCount(1)
    await expect(studio.inspector.hotplug).not.toBeChecked()
    expect((await studio.state()).expandedXml).toMatch(/<target [^>]*hotplug='off'/)
  })

  test('pin a device to NUMA node 1: the engine adds an expander bus in that node', async ({ studio, shot }) => {
    await studio.goto()
    await studio.waitReady()
    await studio.toolbar.setNumaNodes(2)
    await expect(studio.canvas.numaBoxes).toHaveCount(2)
    await studio.select('hostdev0')
    await studio.inspector.numaPin.selectOption('1')
    const numa1 = studio.page.locator('.react-flow__node[data-id="numa:1"]')
    await expect(studio.page.locator('[data-testid="bus-node"][data-model="pcie-expander-bus"]')).toBeVisible()
    const state = await studio.state()
    const pxb = state.devices.find((d) => d.model === 'pcie-expander-bus')
    expect(pxb?.numaNode).toBe(1)
    // the hostdev sits behind a root port on the expander bus, drawn inside the NUMA node 1 box
    const box = await numa1.boundingBox()
    const card = await studio.canvas.device('hostdev0').boundingBox()
    expect(
      box &&
        card &&
        card.x >= box.x &&
        card.y >= box.y &&
        card.x + card.width <= box.x + box.width &&
        card.y + card.height <= box.y + box.height,
    ).toBe(true)
    expect(state.expandedXml).toMatch(/<cell id='1'/)
    expect(state.expandedXml).toMatch(/<node>1<\/node>/)
    await studio.canvas.expectNoOverlaps()
    await shot('numa-pinned')
  })
})
