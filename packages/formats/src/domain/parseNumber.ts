/**
 * Reads an unsigned integer the way libvirt does (`strtoul` with base 0): `0x`/`0X` prefix is
 * hexadecimal, a leading `0` is octal, anything else decimal. Signs, blanks and trailing text are
 * refused, as libvirt's `virStrToLong_uip` refuses them.
 *
 * @returns the number, or undefined when the text is not an unsigned integer
 * @see virStrToLong_uip
 */
export function parseUnsigned(text: string): number | undefined {
  let n: number
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) n = parseInt(text.slice(2), 16)
  else if (/^0[0-7]*$/.test(text)) n = parseInt(text, 8)
  else if (/^[1-9][0-9]*$/.test(text)) n = parseInt(text, 10)
  else return undefined
  return Number.isSafeInteger(n) ? n : undefined
}

/** `0x%x` */
export const hex = (n: number): string => `0x${n.toString(16)}`

/** `0x%0Nx` */
export const hexPadded = (n: number, width: number): string => `0x${n.toString(16).padStart(width, '0')}`
