import type { ErrorWording } from '@devaddr/formats'

/** How the service's messages name its query parameters (see `formatDocumentError`). */
export const SERVICE_WORDING: ErrorWording = {
  choosePolicy: 'name one with ?policy=NAME[@VERSION]',
  policyList: 'see GET /v1/policies',
  libvirtVersionOption: 'libvirtVersion',
  qemuOption: 'qemu',
}
