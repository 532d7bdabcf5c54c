import { beforeEach, describe, expect, it } from 'vitest'

import { NO_EDITS } from '../engine/edits.ts'
import { useStudioStore } from './index.ts'

describe('dispatch', () => {
  beforeEach(() => {
    useStudioStore.setState({ source: null, edits: NO_EDITS, past: [], future: [] })
    useStudioStore.getState().load('<domain/>', 'test')
  })

  it('applies an action and records it in the history under its label; undo and redo', () => {
    const { dispatch } = useStudioStore.getState()
    dispatch({ type: 'set-spare-ports', free: 2 })
    dispatch({ type: 'remove-device', deviceId: 'disk1', title: 'disk vdb' })
    let s = useStudioStore.getState()
    expect(s.edits.sparePortsFree).toBe(2)
    expect(s.edits.removed).toEqual(['disk1'])
    expect(s.past.map((h) => h.label)).toEqual(['reserve 2 hotplug ports', 'remove disk vdb'])
    s.undo()
    s = useStudioStore.getState()
    expect(s.edits.removed).toEqual([])
    expect(s.future.map((h) => h.label)).toEqual(['remove disk vdb'])
    s.redo()
    expect(useStudioStore.getState().edits.removed).toEqual(['disk1'])
  })

  it('records nothing for an action that changes nothing', () => {
    const { dispatch } = useStudioStore.getState()
    dispatch({ type: 'remove-device', deviceId: 'disk1', title: 'disk vdb' })
    dispatch({ type: 'remove-device', deviceId: 'disk1', title: 'disk vdb' })
    expect(useStudioStore.getState().past).toHaveLength(1)
  })
})
