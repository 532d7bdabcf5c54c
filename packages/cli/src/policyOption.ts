import { existsSync } from 'node:fs'

import { formatFormatError, formatOptionsError, parsePolicyJson, parsePolicyName, parsePolicyYaml } from '@devaddr/formats'
import type { Policy } from 'devaddr'

import { CLI_WORDING } from './cliWording.ts'
import { readTextFile, UsageError } from './commandIo.ts'
import { syntaxOf } from './syntax.ts'

/**
 * The policy `--policy` names: a YAML/JSON policy file, or when no such file exists, a policy
 * devaddr ships (`kubevirt`, `virt-install`…, optionally `name@version`; `parsePolicyName`).
 *
 * @throws UsageError when it is neither, or the file is not a valid policy
 */
export async function loadPolicyOption(arg: string | undefined): Promise<Policy | undefined> {
  if (arg === undefined) return undefined
  if (arg === '') throw new UsageError('--policy needs a policy file or name')
  if (!existsSync(arg)) {
    const builtin = parsePolicyName(arg)
    if (builtin.ok) return builtin.value
    throw new UsageError(`--policy ${arg}: no such file, and ${formatOptionsError(builtin.error, CLI_WORDING)}`)
  }
  const text = await readTextFile(arg)
  if (!text.ok) throw new UsageError(`--policy: ${text.message}`)
  const policy = syntaxOf(arg) === 'json' ? parsePolicyJson(text.text) : parsePolicyYaml(text.text)
  if (!policy.ok) throw new UsageError(`--policy ${arg}: ${formatFormatError(policy.error)}`)
  return policy.value
}
