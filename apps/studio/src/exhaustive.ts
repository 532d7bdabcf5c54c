/** Makes a forgotten case of a union a compile error (tldraw's exhaustiveSwitchError). */
export function exhaustive(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
