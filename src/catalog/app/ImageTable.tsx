// The catalog's table: one row per image, the name a button that opens its
// details. Columns have fixed widths, and the body keeps its height while a
// page loads, so nothing jumps under the reader's pointer.

import type { ImageRowFragment } from './generated/graphql.js';
import { formatBytes, formatDateTime } from './format.js';
import { ARCHITECTURES, PROVIDERS, STATUSES, VISIBILITIES, labelOf } from './labels.js';

const COLUMNS = ['Name', 'Provider', 'Region', 'Status', 'Architecture', 'Size', 'Visibility', 'Created'] as const;

export function ImageTable(props: {
  rows: readonly ImageRowFragment[];
  loading: boolean;
  pageSize: number;
  onOpen: (row: ImageRowFragment) => void;
}) {
  const { rows } = props;
  const filler = Math.max(0, props.pageSize - Math.max(rows.length, 1));
  return (
    <table className="images" aria-busy={props.loading}>
      <caption>Images</caption>
      <colgroup>
        <col className="col-name" />
        <col className="col-provider" />
        <col className="col-region" />
        <col className="col-status" />
        <col className="col-arch" />
        <col className="col-size" />
        <col className="col-visibility" />
        <col className="col-created" />
      </colgroup>
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={COLUMNS.length} className="empty">
              {props.loading ? 'Loading images…' : 'No images match these filters.'}
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row" className="name">
              <button type="button" className="link" onClick={() => props.onOpen(row)} title={row.name ?? row.nativeId}>
                {row.name ?? row.nativeId}
              </button>
            </th>
            <td>{labelOf(PROVIDERS, row.provider)}</td>
            <td>{row.region ?? '—'}</td>
            <td>
              <span className={`status status-${row.status.toLowerCase()}`}>{labelOf(STATUSES, row.status)}</span>{' '}
              <span className="vendor-status">{row.vendorStatus ? `(${row.vendorStatus})` : ''}</span>
            </td>
            <td>{labelOf(ARCHITECTURES, row.architecture)}</td>
            <td className="number">{formatBytes(row.sizeBytes)}</td>
            <td>{labelOf(VISIBILITIES, row.visibility)}</td>
            <td>
              <time dateTime={row.createdAt ?? undefined}>{formatDateTime(row.createdAt)}</time>
            </td>
          </tr>
        ))}
        {Array.from({ length: filler }, (_, i) => (
          <tr key={`filler-${i}`} className="filler" aria-hidden="true">
            <td colSpan={COLUMNS.length} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
