/**
 * Browser entry of the self-hosted GraphiQL page (bundled by
 * scripts/build-graphiql.mjs; not compiled by tsc's build).
 *
 * The server renders the page with a `<script type="application/json"
 * id="graphiql-config">` tag (see src/graphiql/index.ts); this module reads it,
 * points Monaco at the worker files that the build emitted next to this
 * bundle, and mounts GraphiQL. Queries and mutations go over HTTP to the
 * endpoint, subscriptions over WebSocket (graphql-ws, bundled) to the same
 * path. Nothing is fetched from anywhere but the gateway itself.
 */
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';

/** Mirrors `GraphiqlPageConfig` in src/graphiql/index.ts. */
interface PageConfig {
  endpoint: string;
  title?: string;
  examples: Array<{ name: string; document: string; variables?: Record<string, unknown> }>;
  /** Present when the endpoint wants a token: a note for every tab and the Headers tab's text. */
  auth?: { note: string; headers: string };
}

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

// Worker file names (content-hashed) are injected by the build via `define`.
declare const __GRAPHIQL_WORKERS__: { editor: string; json: string; graphql: string };

function readConfig(): PageConfig {
  const element = document.getElementById('graphiql-config');
  if (!element?.textContent) throw new Error('GraphiQL: missing #graphiql-config');
  const config = JSON.parse(element.textContent) as PageConfig;
  if (typeof config.endpoint !== 'string' || !Array.isArray(config.examples)) {
    throw new Error('GraphiQL: malformed #graphiql-config');
  }
  return config;
}

function installMonacoWorkers(): void {
  const urlOf = (file: string) => new URL(file, import.meta.url);
  // Monaco reads its worker factory from this global (Monaco's `Environment`).
  Object.assign(globalThis, {
    MonacoEnvironment: {
      getWorker(_workerId: string, label: string): Worker {
        switch (label) {
          case 'json':
            return new Worker(urlOf(__GRAPHIQL_WORKERS__.json), { name: label });
          case 'graphql':
            return new Worker(urlOf(__GRAPHIQL_WORKERS__.graphql), { name: label });
          default:
            return new Worker(urlOf(__GRAPHIQL_WORKERS__.editor), { name: label });
        }
      },
    },
  });
}

/**
 * fetch, same-origin credentials, and an answer that is not JSON (a proxy's
 * error page) turned into a GraphQL error GraphiQL shows, where the toolkit
 * would fail reading it.
 */
const readableFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, { ...init, credentials: 'same-origin' });
  const text = await response.text();
  try {
    JSON.parse(text);
  } catch {
    return Response.json({
      errors: [{ message: `HTTP ${response.status} ${response.statusText}: ${text.slice(0, 2000)}` }],
    });
  }
  return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
};

/**
 * GraphiQL's own fetcher: POST JSON to the endpoint (`accept:
 * application/graphql-response+json, application/json`, plus the headers
 * editor's), and subscriptions over graphql-ws to the endpoint's ws(s)://
 * twin, where the headers editor's contents are the `connection_init`
 * payload. No multipart: the gateway answers every HTTP request whole.
 */
function createFetcher(endpoint: string): Fetcher {
  const url = new URL(endpoint, window.location.href);
  const subscriptionUrl = new URL(url);
  subscriptionUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return createGraphiQLFetcher({
    url: url.toString(),
    subscriptionUrl: subscriptionUrl.toString(),
    enableIncrementalDelivery: false,
    fetch: readableFetch,
  });
}

/**
 * One tab per example; the `# name` comment shows what the example is for.
 * When the endpoint wants a token, every tab starts with the note saying how
 * to send one, and its Headers tab holds the header to fill in.
 */
function tabsOf(config: PageConfig) {
  return config.examples.map((example) => {
    const label = example.name.replace(/\s+/g, ' ').trim();
    const named =
      example.document.trimStart().startsWith('#') || !label ? example.document : `# ${label}\n${example.document}`;
    return {
      query: config.auth ? `${config.auth.note}\n${named}` : named,
      variables: example.variables ? JSON.stringify(example.variables, null, 2) : null,
      headers: config.auth?.headers ?? null,
    };
  });
}

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(`graphiql:${key}`);
  } catch {
    return null; // storage disabled: GraphiQL falls back to its defaults too
  }
}

/**
 * What the operation and variables editors open with. GraphiQL 5.4 builds the
 * tabs from `defaultTabs` (first visit) or from its saved `graphiql:tabState`
 * (later visits), but fills the variables editor only from `initialVariables`
 * or the `graphiql:variables` key, which is written on edit: without help the
 * first tab's variables would not show on a first visit, and a returning
 * visitor's active tab would lose its variables. So: first visit → the first
 * example; later → the saved editor contents, else the saved active tab's.
 * These values equal the active tab's, so GraphiQL selects it and adds no tab.
 */
function initialEditorValues(first: { query: string; variables: string | null; headers: string | null } | undefined): {
  initialQuery?: string;
  initialVariables?: string;
  initialHeaders?: string;
} {
  const tabState = stored('tabState');
  if (tabState === null) {
    return {
      ...(first?.variables ? { initialVariables: first.variables } : {}),
      ...(first?.headers ? { initialHeaders: first.headers } : {}),
    };
  }
  let active: { query?: unknown; variables?: unknown } | undefined;
  try {
    const state = JSON.parse(tabState) as { tabs?: unknown[]; activeTabIndex?: unknown };
    if (Array.isArray(state.tabs) && typeof state.activeTabIndex === 'number') {
      active = state.tabs[state.activeTabIndex] as typeof active;
    }
  } catch {
    return {}; // GraphiQL discards unreadable state and uses defaultTabs
  }
  const query = stored('query') ?? (typeof active?.query === 'string' ? active.query : null);
  const variables = stored('variables') ?? (typeof active?.variables === 'string' ? active.variables : null);
  return {
    ...(query === null ? {} : { initialQuery: query }),
    ...(variables === null ? {} : { initialVariables: variables }),
  };
}

function main(): void {
  const config = readConfig();
  if (config.title) document.title = config.title;
  installMonacoWorkers();
  const tabs = tabsOf(config);
  const first = tabs[0];
  const container = document.getElementById('graphiql');
  if (!container) throw new Error('GraphiQL: missing #graphiql');
  createRoot(container).render(
    <StrictMode>
      <GraphiQL
        fetcher={createFetcher(config.endpoint)}
        defaultTabs={tabs.length > 0 ? tabs : undefined}
        defaultQuery={first?.query ?? undefined}
        {...initialEditorValues(first)}
        defaultHeaders={config.auth?.headers}
        // With auth on, the Headers tab is where the token goes: open it.
        defaultEditorToolsVisibility={config.auth ? 'headers' : first?.variables ? 'variables' : undefined}
      />
    </StrictMode>,
  );
}

main();
