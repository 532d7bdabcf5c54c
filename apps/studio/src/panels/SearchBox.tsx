import type { OkOutcome } from '../engine/outcome.ts'
import { useStudioStore } from '../store/index.ts'

/** Finds devices by MAC, network, disk source, host address, alias, model or address; Enter shows the first. */
export function SearchBox({ outcome }: { outcome: OkOutcome | null }) {
  const search = useStudioStore((s) => s.search)
  const hits = useStudioStore((s) => s.searchHits)
  const setSearch = useStudioStore((s) => s.setSearch)
  const focus = useStudioStore((s) => s.focus)
  return (
    <form
      className="device-search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault()
        if (hits[0]) focus(hits[0])
      }}
    >
      <input
        type="search"
        data-testid="device-search"
        aria-label="find a device by MAC, network, source, host address, alias or model"
        placeholder="find a device…"
        value={search}
        disabled={!outcome}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setSearch('')
        }}
      />
      {search.trim() !== '' && (
        <span className="hint" data-testid="search-count">
          {hits.length} found
        </span>
      )}
    </form>
  )
}
