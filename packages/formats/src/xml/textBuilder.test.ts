import { describe, expect, it } from 'vitest'

import { TextBuilder } from './textBuilder.ts'

describe('TextBuilder', () => {
  it('gives the pieces in order, across any number of batches', () => {
    for (const count of [0, 1, 255, 256, 257, 1000]) {
      const b = new TextBuilder()
      const pieces = Array.from({ length: count }, (_, i) => `<${i}>`)
      for (const p of pieces) b.add(p)
      expect(b.toString()).toBe(pieces.join(''))
      expect(b.toString(), 'read twice').toBe(pieces.join(''))
    }
  })
})
