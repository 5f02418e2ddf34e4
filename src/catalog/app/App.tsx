// The catalog page: sign-in when the gateway wants it, then the table of
// every image, its filters and pages, the write dialogs and live status.

import { useCallback, useEffect, useRef, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { createCatalogClient, type CatalogClient } from './client.js';
import type { Credential } from './credential.js';
import { DetailsDialog } from './DetailsDialog.js';
import { failingSources, needsSignIn } from './errors.js';
import { Filters, imageFilterOf, NO_FILTER, type FilterChoice } from './Filters.js';
import { AddEhpcImageForm } from './forms/AddEhpcImageForm.js';
import { CreateImsImageForm } from './forms/CreateImsImageForm.js';
import { RegisterImageForm } from './forms/RegisterImageForm.js';
import { SaveNotebookForm } from './forms/SaveNotebookForm.js';
import { CatalogImagesDocument, type CatalogImagesQuery, type ImageRowFragment } from './generated/graphql.js';
import { ImageTable } from './ImageTable.js';
import { labelOf, PROVIDERS, UNSETTLED } from './labels.js';
import { ConnectionStatus, WatchImage } from './LiveStatus.js';
import type { LiveSocket } from './live-socket.js';
import { Modal } from './Modal.js';
import type { PageConfig } from './page-config.js';
import { SignIn } from './SignIn.js';

const PAGE_SIZE = 10;
/** At most this many rows are watched at once (the gateway caps subscriptions per connection). */
const MAX_WATCHED = 8;

export function App({ config }: { config: PageConfig }) {
  const [credential, setCredential] = useState<Credential>();
  const [signIn, setSignIn] = useState<{ problem?: string } | undefined>(
    config.auth && config.auth.length > 0 ? {} : undefined,
  );
  const [catalog, setCatalog] = useState<CatalogClient>();
  useEffect(() => {
    if (signIn) return;
    const created = createCatalogClient(config.endpoint, credential);
    setCatalog(created);
    return () => {
      setCatalog(undefined);
      created.socket.dispose();
    };
  }, [config.endpoint, credential, signIn]);
  const refused = useCallback(() => {
    setCredential(undefined);
    setSignIn({ problem: credential ? 'The gateway refused this credential.' : undefined });
  }, [credential]);

  if (signIn) {
    return (
      <SignIn
        methods={config.auth && config.auth.length > 0 ? config.auth : ['apikey', 'jwt']}
        problem={signIn.problem}
        onSignIn={(next) => {
          setCredential(next);
          setSignIn(undefined);
        }}
      />
    );
  }
  if (!catalog) return <Shell />;
  return (
    <Provider value={catalog.client}>
      <Catalog socket={catalog.socket} onUnauthenticated={refused} />
    </Provider>
  );
}

/** The page's frame before the client exists: same layout, so the first paint does not jump. */
function Shell() {
  return (
    <main>
      <header className="top">
        <h1>Image catalog</h1>
      </header>
    </main>
  );
}

type Dialog = 'register' | 'save' | 'create' | 'add';
const DIALOG_TITLES: Record<Dialog, string> = {
  register: 'Register image',
  save: 'Save notebook as image',
  create: 'Create IMS image',
  add: 'Add E-HPC image',
};

function Catalog({ socket, onUnauthenticated }: { socket: LiveSocket; onUnauthenticated: () => void }) {
  const [filters, setFilters] = useState<FilterChoice>(NO_FILTER);
  // Cursors of the pages before this one: "Previous page" pops, "Next page" pushes.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [dialog, setDialog] = useState<Dialog>();
  const [details, setDetails] = useState<ImageRowFragment>();
  const [announcement, setAnnouncement] = useState('');
  const after = cursors[cursors.length - 1];
  const [{ data, error, fetching }] = useQuery({
    query: CatalogImagesDocument,
    variables: { filter: imageFilterOf(filters), first: PAGE_SIZE, after },
  });
  // While the next page loads, the current one stays: no flash of an empty table.
  const shown = useRef<CatalogImagesQuery>(undefined);
  if (data) shown.current = data;
  const page = data ?? shown.current;
  const rows = page?.images.edges.map((edge) => edge.node) ?? [];
  const failing = failingSources(error);
  const unauthenticated = needsSignIn(error);
  useEffect(() => {
    if (unauthenticated) onUnauthenticated();
  }, [unauthenticated, onUnauthenticated]);

  const changeFilters = useCallback((next: FilterChoice) => {
    setFilters(next);
    setCursors([null]);
  }, []);
  const written = (verb: string) => (image: ImageRowFragment | null) => {
    setDialog(undefined);
    setCursors([null]); // newest first: a new image is on the first page
    setAnnouncement(image ? `${image.name ?? image.nativeId} ${verb}.` : `Image ${verb}.`);
  };
  const watched = rows.filter((row) => UNSETTLED.has(row.status)).slice(0, MAX_WATCHED);

  return (
    <main>
      <header className="top">
        <h1>Image catalog</h1>
        <ConnectionStatus socket={socket} />
        <nav className="actions" aria-label="Image actions">
          {(Object.keys(DIALOG_TITLES) as Dialog[]).map((name) => (
            <button key={name} type="button" onClick={() => setDialog(name)}>
              {DIALOG_TITLES[name]}
            </button>
          ))}
        </nav>
      </header>
      <Filters value={filters} onChange={changeFilters} />
      <div className="banners">
        {failing.map((source) => (
          <p key={`${source.provider}/${source.region ?? ''}`} role="alert" className="banner">
            {labelOf(PROVIDERS, source.provider as never)}
            {source.region ? ` (${source.region})` : ''} could not be listed; its images are missing from this page.{' '}
            <span className="detail">{source.message}</span>
          </p>
        ))}
        {error && !unauthenticated && failing.length === 0 && !data && (
          <p role="alert" className="banner">
            The images could not be read: {error.message}
          </p>
        )}
      </div>
      <p className="count" aria-live="polite">
        {page?.images.totalCount != null ? `${page.images.totalCount} images` : ''}
        {cursors.length > 1 ? ` · page ${cursors.length}` : ''}
      </p>
      <ImageTable rows={rows} loading={fetching} pageSize={PAGE_SIZE} onOpen={setDetails} />
      <nav className="pages" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          disabled={!page?.images.pageInfo.hasNextPage || fetching}
          onClick={() => {
            const next = page?.images.pageInfo.endCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          Next page
        </button>
      </nav>
      <p role="status" className="announcement">
        {announcement}
      </p>
      {watched.map((row) => (
        <WatchImage key={row.id} id={row.id} />
      ))}
      {dialog && (
        <Modal title={DIALOG_TITLES[dialog]} onClose={() => setDialog(undefined)}>
          {dialog === 'register' && (
            <RegisterImageForm onDone={written('registered')} onCancel={() => setDialog(undefined)} />
          )}
          {dialog === 'save' && (
            <SaveNotebookForm onDone={written('is being saved')} onCancel={() => setDialog(undefined)} />
          )}
          {dialog === 'create' && (
            <CreateImsImageForm onDone={written('created')} onCancel={() => setDialog(undefined)} />
          )}
          {dialog === 'add' && <AddEhpcImageForm onDone={written('added')} onCancel={() => setDialog(undefined)} />}
        </Modal>
      )}
      {details && (
        <DetailsDialog
          row={details}
          onClose={() => setDetails(undefined)}
          onDeleted={(name) => {
            setDetails(undefined);
            setAnnouncement(`${name} deleted.`);
          }}
        />
      )}
    </main>
  );
}
