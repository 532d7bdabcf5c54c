import { formatFormatError, parsePolicyJson, parsePolicyYaml } from '@devaddr/formats'
import { builtinPolicy, type Policy } from 'devaddr'
import { existsSync } from 'node:fs'
import { readTextFile, UsageError } from './commandIo.ts'
import { syntaxOf } from './syntax.ts'

/**
 * The policy `--policy` names: a YAML/JSON policy file, or when no such file exists, a policy
 * devaddr ships (`kubevirt`, `virt-install`…, optionally `name@version`).
 *
 * @throws UsageError when it is neither, or the file is not a valid policy
 */
export async function loadPolicyOption(arg: string | undefined): Promise<Policy | undefined> {
  if (arg === undefined) return undefined
  if (arg === '') throw new UsageError('--policy needs a policy file or name')
  if (!existsSync(arg)) {
    const [name, version] = arg.split('@')
    const builtin = builtinPolicy(name!, version === undefined ? undefined : Number(version))
    if (builtin !== undefined) return builtin
    throw new UsageError(`--policy ${arg}: no such file, and no built-in policy of that name`)
  }
  const text = await readTextFile(arg)
  if (!text.ok) throw new UsageError(`--policy: ${text.message}`)
  const policy = syntaxOf(arg) === 'json' ? parsePolicyJson(text.text) : parsePolicyYaml(text.text)
  if (!policy.ok) throw new UsageError(`--policy ${arg}: ${formatFormatError(policy.error)}`)
  return policy.value
}
