import { useEffect, useState } from 'react'

/** A text box to paste a domain XML into. */
export function PasteDialog({ onLoad, onClose }: { onLoad: (xml: string) => void; onClose: () => void }) {
  const [text, setText] = useState('')
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Paste domain XML" data-testid="paste-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Paste a libvirt domain XML</h2>
        <textarea
          data-testid="paste-textarea"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="<domain type='kvm'>…</domain>"
          spellCheck={false}
          autoFocus
        />
        <div className="modal-actions">
          <button type="button" onClick={onClose} data-testid="paste-cancel">
            Cancel
          </button>
          <button type="button" className="primary" disabled={text.trim() === ''} onClick={() => onLoad(text)} data-testid="paste-load">
            Open
          </button>
        </div>
      </div>
    </div>
  )
}
