/** The expanded domain XML, as `virsh dumpxml` would show it after `define`. */
export function XmlPane({ xml }: { xml: string }) {
  return (
    <pre className="xml-pane" data-testid="xml-pane">
      {xml}
    </pre>
  )
}
