/**
 * Text built from many small pieces, for output of any size. Concatenating them one by one makes
 * a rope of string objects that all stay alive until the end: on a document of thousands of
 * devices the garbage collector then copies every one of them again and again (two thirds of
 * the writer's time at 7,000 devices). Flattened a batch at a time, each batch's pieces die young
 * and one flat string is kept in their place.
 */
export class TextBuilder {
  private readonly batches: string[] = []
  private pending = ''
  private count = 0

  add(text: string): void {
    this.pending += text
    if (++this.count >= BATCH) {
      this.batches.push(flat(this.pending))
      this.pending = ''
      this.count = 0
    }
  }

  /**
   * The text: the flat batches joined as a rope, which whoever reads it flattens once.
   * note: not `join('')`, which copies every batch into a new string that the reader then copies
   * again as part of the document around it
   */
  toString(): string {
    let text = ''
    for (const batch of this.batches) text += batch
    return text + this.pending
  }
}

/**
 * note: enough pieces that a domain of a few hundred devices is one batch, flattened once by its
 * reader as a tree serializer's text is (at 256 pieces, the 100-device bench domain was flattened
 * in batches and then again: 4% of expandDomainXml); few enough that the pieces of a domain of
 * thousands die young (7,000 and 20,000 devices take as long as at 256)
 */
const BATCH = 2048

/** The same text as one flat string: reading a character makes V8 flatten a rope. */
function flat(text: string): string {
  text.charCodeAt(0)
  return text
}
