// What the benchmark asks: one scenario per request shape the issue names.
// A scenario is prepared against each gateway on its own (global ids are the
// gateway's to mint, and an older commit may mint them differently), then
// checked: the answer must be HTTP 200, carry no error and no missing image,
// and be the same bytes twice. Those bytes are what every request of the
// window must get back (bench/load-generator.mjs), so a gateway that got
// faster by answering less, or wrongly, fails instead of winning.

export interface Scenario {
  name: string;
  /** What a reader should expect of its upstream calls per request (printed beside the measured number). */
  expectedCalls: string;
  /** The request body, from ids the gateway lists (`discover`). */
  body(ids: DiscoveredIds): string;
}

/** Native and global ids the gateway lists, by provider (MODELARTS, IMS, EHPC). */
export interface DiscoveredIds {
  nativeIds: Record<string, string[]>;
  globalIds: Record<string, string[]>;
}

/** ModelArts' documented example image (docs/vendor, the sandbox's seed). */
export const MODELARTS_IMAGE_ID = '278e88d1-5b71-4766-8502-b3ba72e824d9';

export const NODES_COUNT = 20;

export const SCENARIOS: Scenario[] = [
  {
    name: 'modelArtsImage (one image, 12 fields)',
    expectedCalls: '1 ModelArts GET',
    body: () =>
      JSON.stringify({
        query: `{ modelArtsImage(id: "${MODELARTS_IMAGE_ID}") { id name status architecture sizeBytes createdAt swrPath tag serviceType resourceCategories devServices workspaceId } }`,
      }),
  },
  {
    name: `nodes (${NODES_COUNT} IMS ids)`,
    expectedCalls: '1 Glance id=in: list',
    body: (ids) =>
      JSON.stringify({
        query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { name status sizeBytes createdAt } } }',
        variables: { ids: take(ids.globalIds.IMS, NODES_COUNT, 'IMS') },
      }),
  },
  {
    name: 'images (first 20, merged across sources)',
    expectedCalls: 'list pages of each source',
    body: () =>
      JSON.stringify({
        query: '{ images(first: 20) { edges { cursor node { id provider name status createdAt } } } }',
      }),
  },
  {
    name: 'ehpcImage (one E-HPC image)',
    expectedCalls: 'GetImage + ListImages: the fields span both',
    body: (ids) =>
      JSON.stringify({
        query: `query($id: String!) { ehpcImage(imageId: $id) { id name status architecture sizeBytes createdAt imageType } }`,
        variables: { id: take(ids.nativeIds.EHPC, 1, 'EHPC')[0] },
      }),
  },
];

/** Scenarios whose name contains `filter` (case-insensitive), or all. */
export function selectScenarios(filter: string | undefined): Scenario[] {
  const chosen = filter ? SCENARIOS.filter((s) => s.name.toLowerCase().includes(filter.toLowerCase())) : SCENARIOS;
  if (chosen.length === 0)
    throw new Error(`no scenario matches '${filter}': ${SCENARIOS.map((s) => s.name).join('; ')}`);
  return chosen;
}

type Post = (body: string) => Promise<{ status: number; text: string }>;

export function poster(url: string): Post {
  return async (body) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  };
}

/** The ids of every provider's images, as this gateway lists them (one page per provider). */
export async function discover(post: Post): Promise<DiscoveredIds> {
  const ids: DiscoveredIds = { nativeIds: {}, globalIds: {} };
  for (const provider of ['MODELARTS', 'IMS', 'EHPC']) {
    const { status, text } = await post(
      JSON.stringify({
        query: `query($p: [ImageProvider!]) { images(first: 50, filter: { providers: $p }) { edges { node { id nativeId } } } }`,
        variables: { p: [provider] },
      }),
    );
    const body = JSON.parse(text);
    if (status !== 200 || body.errors) throw new Error(`could not list ${provider} images: HTTP ${status} ${text}`);
    const nodes = body.data.images.edges.map((edge: any) => edge.node);
    ids.nativeIds[provider] = nodes.map((node: any) => node.nativeId);
    ids.globalIds[provider] = nodes.map((node: any) => node.id);
  }
  return ids;
}

/** The scenario's answer, checked as the window will check every answer; throws what is wrong. */
export async function expectedAnswer(post: Post, scenario: Scenario, body: string): Promise<string> {
  const first = await post(body);
  const fail = (why: string) => new Error(`${scenario.name}: ${why}: HTTP ${first.status} ${first.text.slice(0, 800)}`);
  if (first.status !== 200) throw fail('not HTTP 200');
  const parsed = JSON.parse(first.text);
  if (parsed.errors) throw fail('the answer has errors');
  const missing = Object.entries(parsed.data ?? {}).some(
    ([, value]) => value === null || (Array.isArray(value) && value.includes(null)),
  );
  if (!parsed.data || missing) throw fail('an image is missing from the answer');
  const second = await post(body);
  if (second.text !== first.text) throw fail('two answers to the same read differ, so answers cannot be checked');
  return first.text;
}

function take(items: string[] | undefined, count: number, provider: string): string[] {
  if (!items || items.length < count) {
    throw new Error(`the gateway listed ${items?.length ?? 0} ${provider} images; the scenario needs ${count}`);
  }
  return items.slice(0, count);
}
