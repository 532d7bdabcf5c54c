/** A user-facing failure: the engine's formatted error, or a load failure. */
export function ErrorPanel({ title, message }: { title: string; message: string }) {
  return (
    <div className="error-panel" role="alert" data-testid="expand-error">
      <strong>{title}</strong>
      <pre>{message}</pre>
    </div>
  )
}
