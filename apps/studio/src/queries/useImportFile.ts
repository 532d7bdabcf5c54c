import { useMutation } from '@tanstack/react-query'

import { useStudioStore } from '../store/index.ts'

/** Reads a domain XML file (picked or dropped) and opens it. */
export function useImportFile() {
  return useMutation({
    mutationKey: ['import-file'],
    mutationFn: async (file: File) => ({ name: file.name.replace(/\.xml$/i, ''), xml: await file.text() }),
    onSuccess: ({ name, xml }) => useStudioStore.getState().load(xml, name),
    onError: (e) => useStudioStore.getState().setNotice({ kind: 'error', text: `Could not read the file: ${e.message}` }),
  })
}
