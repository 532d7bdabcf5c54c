import { type CommandIo, readTextFile, UsageError, withNewline } from '../commandIo.ts'
import { parseMaxBytes } from '../maxBytesOption.ts'
import { syntaxOf } from '../syntax.ts'

/**
 * `devaddr abi-diff OLD NEW`: one line per guest-visible change between two domains (XML, or
 * YAML/JSON), like diff(1): exit 0 when there is none, 1 when there are some, 2 when a file
 * cannot be read or parsed.
 */
export async function runAbiDiff(
  oldFile: string | undefined,
  newFile: string | undefined,
  io: CommandIo,
  options: { maxBytes?: string } = {},
): Promise<0 | 1 | 2> {
  if (!oldFile || !newFile) throw new UsageError('abi-diff needs OLD and NEW files')
  const { loadDomain } = await import('../domainText.ts')
  const { abiDomainFromInput, abiDomainFromXml, diffDomainAbi, formatAbiChange } = await import('@devaddr/formats')
  const maxBytes = parseMaxBytes(options.maxBytes)
  const sides = []
  for (const file of [oldFile, newFile]) {
    const text = await readTextFile(file, maxBytes)
    const domain = text.ok ? loadDomain(text.text, syntaxOf(file), maxBytes) : text
    if (!domain.ok) {
      io.stderr(withNewline(text.ok ? `${file}: ${domain.message}` : domain.message))
      return 2
    }
    sides.push(domain.value.syntax === 'xml' ? abiDomainFromXml(domain.value.doc) : abiDomainFromInput(domain.value.input))
  }
  const changes = diffDomainAbi(sides[0]!, sides[1]!)
  if (changes.length > 0) io.stdout(`${changes.map(formatAbiChange).join('\n')}\n`)
  return changes.length > 0 ? 1 : 0
}
