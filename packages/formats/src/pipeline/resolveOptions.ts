import {
  builtinPolicy,
  DEFAULT_LIBVIRT_VERSION as ENGINE_DEFAULT_LIBVIRT_VERSION,
  LIBVIRT_POLICY,
  type LibvirtVersion,
  type Policy,
  type QemuCapabilities,
  type Result,
} from 'devaddr'

import { err, ok } from '../result.ts'
import type { DocumentError } from './documentError.ts'
import type { DocumentChoices } from './openDocument.ts'

/**
 * What a front end's own options ask for (a CLI flag, a query parameter); each one given wins
 * over the document's choice.
 * @public
 */
export interface DocumentOverrides {
  /** `--policy`, `?policy=` */
  policy?: Policy
  /** false for `--existing`, `?existing=1`; true for `?existing=0` */
  newDomain?: boolean
  /** `--libvirt-version`, `?libvirtVersion=` */
  libvirtVersion?: LibvirtVersion
  /** `--qemu`, `?qemu=`: the QEMU whose devices the engine assumes (default: the release's own) */
  qemu?: string
  /** single capabilities the target QEMU lacks (the conformance corpus's removed ones); passed through */
  qemuCaps?: QemuCapabilities
  /**
   * `--any-machine-version`, `?anyMachineVersion=1`: address a machine type the release's QEMU
   * lacks (a RHEL or Ubuntu host's) as the rest of its family (`ExpandOptions.anyMachineVersion`)
   */
  anyMachineVersion?: boolean
}

/**
 * The options the engine runs with, every choice made: a valid `ExpandOptions`.
 * @public
 */
export interface ResolvedOptions {
  policy: Policy
  newDomain: boolean
  libvirtVersion: LibvirtVersion
  qemu?: string
  qemuCaps?: QemuCapabilities
  anyMachineVersion?: boolean
}

/** The engine's own default release (`expandDomain` without `libvirtVersion`): 12.8, the newest. @public */
export const DEFAULT_LIBVIRT_VERSION: LibvirtVersion = ENGINE_DEFAULT_LIBVIRT_VERSION

/**
 * The one rule for options: an override, else the document's own choice, else the default.
 *
 * - policy: `overrides.policy`, else the document's (a `named` one must be a policy devaddr
 *   ships), else `LIBVIRT_POLICY`;
 * - newDomain: `overrides.newDomain`, else the document's `newDomain:`, else true;
 * - libvirtVersion: `overrides.libvirtVersion`, else `DEFAULT_LIBVIRT_VERSION`;
 * - qemu, qemuCaps: the overrides, when given (else the engine takes the release's own QEMU);
 * - anyMachineVersion: the override's, when true (else libvirt's refusal).
 *
 * @returns the options, or an `options` error `unknown-policy` (source `document`) when the
 *   document names a policy devaddr does not ship and no override replaces it
 * @public
 */
export function resolveOptions(
  doc: { choices: DocumentChoices },
  overrides: DocumentOverrides = {},
): Result<ResolvedOptions, DocumentError> {
  const policy = overrides.policy !== undefined ? ok(overrides.policy) : documentPolicy(doc.choices)
  if (!policy.ok) return policy
  const options: ResolvedOptions = {
    policy: policy.value,
    newDomain: overrides.newDomain ?? doc.choices.newDomain ?? true,
    libvirtVersion: overrides.libvirtVersion ?? DEFAULT_LIBVIRT_VERSION,
  }
  if (overrides.qemu !== undefined) options.qemu = overrides.qemu
  if (overrides.qemuCaps !== undefined) options.qemuCaps = overrides.qemuCaps
  if (overrides.anyMachineVersion === true) options.anyMachineVersion = true
  return ok(options)
}

function documentPolicy(choices: DocumentChoices): Result<Policy, DocumentError> {
  const p = choices.policy
  if (p === undefined) return ok(LIBVIRT_POLICY)
  if (p.kind === 'inline') return ok(p.policy)
  const shipped = builtinPolicy(p.name, p.version)
  if (shipped !== undefined) return ok(shipped)
  return err({ kind: 'options', error: { code: 'unknown-policy', source: 'document', name: p.name, version: p.version } })
}
