// An image's details: every field of its vendor type (one fragment per type,
// operations/ImageDetails.graphql), and "Delete" behind a confirmation.

import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { CatalogDeleteImageDocument, CatalogImageDetailsDocument, type ImageRowFragment } from './generated/graphql.js';
import { fieldErrorsOf } from './errors.js';
import { fieldInWords, formatBytes, formatDateTime, formatValue } from './format.js';
import { ARCHITECTURES, PROVIDERS, STATUSES, VISIBILITIES, labelOf } from './labels.js';
import { Modal } from './Modal.js';

/** Shown first, in words of their own; every other field follows by its name. */
const SHARED = new Set([
  '__typename',
  'id',
  'nativeId',
  'provider',
  'name',
  'region',
  'status',
  'vendorStatus',
  'architecture',
  'sizeBytes',
  'visibility',
  'createdAt',
  'updatedAt',
  'description',
]);

export function DetailsDialog(props: {
  row: ImageRowFragment;
  onClose: () => void;
  onDeleted: (name: string) => void;
}) {
  const { row } = props;
  const [{ data, error, fetching }] = useQuery({ query: CatalogImageDetailsDocument, variables: { id: row.id } });
  const [confirming, setConfirming] = useState(false);
  const image = data?.node && 'provider' in data.node ? data.node : undefined;
  const title = row.name ?? row.nativeId;
  const vendorFields = image ? Object.entries(image).filter(([key]) => !SHARED.has(key)) : [];

  return (
    <Modal title={title} onClose={props.onClose} wide>
      <dl className="details">
        <dt>Native ID</dt>
        <dd className="mono">{row.nativeId}</dd>
        <dt>Provider</dt>
        <dd>{labelOf(PROVIDERS, row.provider)}</dd>
        <dt>Region</dt>
        <dd>{row.region ?? '—'}</dd>
        <dt>Status</dt>
        <dd>
          {labelOf(STATUSES, row.status)} ({row.vendorStatus ?? 'no vendor status'})
        </dd>
        <dt>Architecture</dt>
        <dd>{labelOf(ARCHITECTURES, row.architecture)}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(row.sizeBytes)}</dd>
        <dt>Visibility</dt>
        <dd>{labelOf(VISIBILITIES, row.visibility)}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(row.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatDateTime(row.updatedAt)}</dd>
        <dt>Description</dt>
        <dd>{formatValue(image?.description)}</dd>
      </dl>
      <h3>{image ? `${image.__typename} fields` : 'Vendor fields'}</h3>
      {fetching && !image && <p aria-live="polite">Loading details…</p>}
      {error && <p role="alert">The details could not be read: {error.message}</p>}
      {!fetching && !error && !image && <p>This image no longer exists.</p>}
      {image && <FieldList entries={vendorFields} />}
      <div className="form-buttons">
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {confirming && (
        <ConfirmDelete row={row} onCancel={() => setConfirming(false)} onDeleted={() => props.onDeleted(title)} />
      )}
    </Modal>
  );
}

/** A definition list of fields; an object field (a spec, a credential) nests its own list. */
function FieldList({ entries }: { entries: Array<[string, unknown]> }) {
  return (
    <dl className="details">
      {entries.map(([key, value]) => (
        <div key={key} className="details-row">
          <dt>{fieldInWords(key)}</dt>
          <dd>
            {isPlainObject(value) && key !== 'properties' ? (
              <FieldList entries={Object.entries(value).filter(([k]) => k !== '__typename')} />
            ) : (
              formatValue(stripTypenames(value))
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripTypenames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripTypenames);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '__typename')
        .map(([k, v]) => [k, stripTypenames(v)]),
    );
  }
  return value;
}

/** The confirmation: nothing is deleted until its own "Delete" is pressed. */
function ConfirmDelete(props: { row: ImageRowFragment; onCancel: () => void; onDeleted: () => void }) {
  const [{ fetching }, deleteImage] = useMutation(CatalogDeleteImageDocument);
  const [problem, setProblem] = useState<string>();
  const name = props.row.name ?? props.row.nativeId;
  async function confirm() {
    const result = await deleteImage({ input: { id: props.row.id } });
    if (result.error) {
      setProblem(Object.values(fieldErrorsOf(result.error)).join(' '));
      return;
    }
    props.onDeleted();
  }
  return (
    <Modal title={`Delete ${name}?`} alert onClose={props.onCancel}>
      <p>
        This deletes the image in {labelOf(PROVIDERS, props.row.provider)}
        {props.row.region ? ` (${props.row.region})` : ''}. It cannot be undone.
      </p>
      {problem && <p role="alert">{problem}</p>}
      <div className="form-buttons">
        <button type="button" onClick={props.onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" disabled={fetching} onClick={() => void confirm()}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
