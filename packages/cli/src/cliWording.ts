import type { ErrorWording } from '@devaddr/formats'

/** How the command line's messages name its options (see `formatDocumentError`). */
export const CLI_WORDING: ErrorWording = {
  choosePolicy: 'name one with --policy NAME[@VERSION] or --policy FILE',
  libvirtVersionOption: '--libvirt-version',
  qemuOption: '--qemu',
}
