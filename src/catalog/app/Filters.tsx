// The filters: each one is an `ImageFilter` argument of `images`, sent to the
// gateway (which pushes it down to the vendors' list APIs where they can).

import { useEffect, useId, useState } from 'react';
import type { CpuArchitecture, ImageFilter, ImageProvider, ImageStatus, ImageVisibility } from './generated/graphql.js';
import { SelectField } from './forms/fields.js';
import { ARCHITECTURES, PROVIDERS, STATUSES, VISIBILITIES } from './labels.js';

export interface FilterChoice {
  provider: ImageProvider | '';
  status: ImageStatus | '';
  architecture: CpuArchitecture | '';
  visibility: ImageVisibility | '';
  search: string;
}

export const NO_FILTER: FilterChoice = { provider: '', status: '', architecture: '', visibility: '', search: '' };

/** The choice as `images(filter:)`; null when nothing is chosen. */
export function imageFilterOf(choice: FilterChoice): ImageFilter | null {
  const filter: ImageFilter = {};
  if (choice.provider) filter.providers = [choice.provider];
  if (choice.status) filter.status = [choice.status];
  if (choice.architecture) filter.architecture = [choice.architecture];
  if (choice.visibility) filter.visibility = [choice.visibility];
  if (choice.search.trim()) filter.nameContains = choice.search.trim();
  return Object.keys(filter).length > 0 ? filter : null;
}

/** Typing settles for this long before the search is sent: one request per word, not per key. */
const SEARCH_DELAY_MS = 250;

export function Filters(props: { value: FilterChoice; onChange: (choice: FilterChoice) => void }) {
  const { value, onChange } = props;
  const [search, setSearch] = useState(value.search);
  const searchId = useId();
  useEffect(() => {
    if (search === value.search) return;
    const timer = setTimeout(() => onChange({ ...value, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, value, onChange]);
  return (
    <div role="search" className="filters" aria-label="Filters">
      <SelectField
        label="Provider"
        value={value.provider}
        options={PROVIDERS}
        emptyLabel="All"
        onChange={(provider) => onChange({ ...value, provider })}
      />
      <SelectField
        label="Status"
        value={value.status}
        options={STATUSES}
        emptyLabel="All"
        onChange={(status) => onChange({ ...value, status })}
      />
      <SelectField
        label="Architecture"
        value={value.architecture}
        options={ARCHITECTURES}
        emptyLabel="All"
        onChange={(architecture) => onChange({ ...value, architecture })}
      />
      <SelectField
        label="Visibility"
        value={value.visibility}
        options={VISIBILITIES}
        emptyLabel="All"
        onChange={(visibility) => onChange({ ...value, visibility })}
      />
      <div className="field search">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          placeholder="Image name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...value, search });
          }}
        />
      </div>
    </div>
  );
}
