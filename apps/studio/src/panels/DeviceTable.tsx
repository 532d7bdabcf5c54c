import type { DeviceRow } from '../xml/readDevices.ts'
import { formatAddress, isPci } from '../xml/readDevices.ts'

/** The devices of the expanded domain and the guest address each one was given. */
export function DeviceTable({ rows }: { rows: readonly DeviceRow[] }) {
  return (
    <table className="device-table" data-testid="device-table">
      <thead>
        <tr>
          <th>#</th>
          <th>Device</th>
          <th>Name</th>
          <th>Address</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.index} data-testid="device-row" data-kind={row.kind}>
            <td className="num">{row.index}</td>
            <td data-testid="device-kind">{row.kind}</td>
            <td data-testid="device-label">{row.label}</td>
            <td
              className="address"
              data-testid="device-address"
              data-address-type={row.address?.type ?? 'none'}
              data-pci={row.address && isPci(row.address) ? formatAddress(row.address) : undefined}
            >
              {formatAddress(row.address)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
