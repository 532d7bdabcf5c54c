import { memo } from 'react'

import { Handles } from './common.tsx'

/** An invisible box around a controller card and the group of devices on its bus. */
export const SlotNode = memo(function SlotNode() {
  return (
    <div className="slot-wrap">
      <Handles />
    </div>
  )
})
