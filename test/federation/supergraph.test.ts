// The gateway as a subgraph of a real supergraph (./harness.ts): Hive Gateway
// over the image gateway and a training-jobs subgraph that adds `usedBy` to
// every image. Queries enter through either subgraph and get the other's
// fields, batched; a provider's failure stays on that provider's images.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODELARTS_SEED } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  composeExample,
  post,
  startHiveGateway,
  startTrainingJobs,
  subscribeSse,
  type RunningServer,
  type TrainingJob,
} from './harness.js';

interface Image {
  id: string;
  provider: string;
  nativeId: string;
  name: string;
}

describe('the image gateway under Hive Gateway', () => {
  let gw: TestGateway;
  let jobs: RunningServer;
  let hive: RunningServer;
  let ims: Image[];
  let others: Image[];
  /** The training-jobs subgraph reads this list on every request: a test may add a job. */
  const jobList: TrainingJob[] = [];

  const glanceCalls = () => gw.sandbox.ims.calls().filter((c) => c.rawPath.startsWith('/v2/images'));

  beforeAll(async () => {
    gw = await startTestGateway({
      sandbox: { modelarts: { saveDelaysMs: { creating: 2_000, active: 2_000 } } },
      env: { IMAGE_GATEWAY_WATCH_INTERVAL_MS: '100' },
    });
    gw.sandbox.ims.emulator.generateImages(6);
    const listed = await gw.query('{ images(first: 100) { nodes { id provider nativeId name } } }');
    const images: Image[] = listed.body.data.images.nodes;
    ims = images.filter((image) => image.provider === 'IMS').slice(0, 4);
    others = ['MODELARTS', 'EHPC'].map((provider) => images.find((image) => image.provider === provider)!);
    expect(ims).toHaveLength(4);
    jobList.push(
      ...ims.map((image, index) => ({ name: `ims-job-${index}`, imageId: image.id })),
      { name: 'ims-job-again', imageId: ims[0].id },
      ...others.map((image) => ({ name: `${image.provider.toLowerCase()}-job`, imageId: image.id })),
    );
    jobs = await startTrainingJobs(jobList);
    hive = await startHiveGateway(await composeExample(gw.url, jobs.url));
  });
  afterAll(async () => {
    await hive?.close();
    await jobs?.close();
    await gw?.stop();
  });
  beforeEach(() => {
    gw.sandbox.resetCalls();
    gw.sandbox.ims.clearFaults();
  });

  it("a query entering through the image gateway gets the training jobs' usedBy joined", async () => {
    const { status, body } = await post(
      hive.url,
      `{ images(first: 100, filter: { providers: [IMS] }) { nodes { id name usedBy } unavailableSources { source } } }`,
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const byId = new Map(body.data.images.nodes.map((n: { id: string; usedBy: string[] }) => [n.id, n.usedBy]));
    expect(byId.get(ims[0].id)).toEqual(['ims-job-0', 'ims-job-again']);
    expect(byId.get(ims[3].id)).toEqual(['ims-job-3']);
    expect(body.data.images.unavailableSources).toEqual([]);
  });

  it("a query entering through the training jobs gets the image gateway's fields, IMS images in one Glance call", async () => {
    const { body } = await post(
      hive.url,
      `{ trainingJobs { name image { id __typename provider nativeId name status ... on ImsImage { minDisk } usedBy } } }`,
    );
    expect(body.errors).toBeUndefined();
    const jobsByName = new Map(
      body.data.trainingJobs.map((job: { name: string; image: unknown }) => [job.name, job.image]),
    );
    expect(jobsByName.get('ims-job-1')).toMatchObject({
      id: ims[1].id,
      __typename: 'ImsImage',
      provider: 'IMS',
      nativeId: ims[1].nativeId,
      name: ims[1].name,
      usedBy: ['ims-job-1'],
    });
    expect(jobsByName.get('modelarts-job')).toMatchObject({ __typename: 'ModelArtsImage', id: others[0].id });
    expect(jobsByName.get('ehpc-job')).toMatchObject({ __typename: 'EhpcImage', id: others[1].id });
    // Four IMS images (one of them twice): one `id=in:` list call, no GET per image.
    const calls = glanceCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0].query.id?.[0]).toMatch(/^in:/);
    expect(calls[0].query.id[0].slice(3).split(',').sort()).toEqual(ims.map((image) => image.nativeId).sort());
  });

  it("a provider's failure stays on that provider's images, and the listing names it in its data", async () => {
    gw.sandbox.ims.injectFault({ status: 503, body: { error: 'down' }, times: Infinity });
    const entered = await post(hive.url, `{ trainingJobs { name image { id name provider } } }`);
    const images = new Map(
      entered.body.data.trainingJobs.map((job: { name: string; image: Image | null }) => [job.name, job.image]),
    );
    expect(images.get('ims-job-0')).toBeNull();
    expect(images.get('modelarts-job')).toMatchObject({ id: others[0].id, provider: 'MODELARTS' });
    expect(images.get('ehpc-job')).toMatchObject({ id: others[1].id, provider: 'EHPC' });

    const listed = await post(
      hive.url,
      `{ images(first: 100) { nodes { id provider usedBy } unavailableSources { provider source region code message } } }`,
    );
    const nodes: Array<Image & { usedBy: string[] }> = listed.body.data.images.nodes;
    expect(nodes.some((n) => n.provider === 'IMS')).toBe(false);
    expect(nodes.find((n) => n.id === others[0].id)?.usedBy).toEqual(['modelarts-job']);
    expect(listed.body.data.images.unavailableSources).toEqual([
      expect.objectContaining({ provider: 'IMS', code: 'UPSTREAM_UNAVAILABLE' }),
    ]);
  });

  it("imageChanged through the router: a notebook saved as an image, each status with the training jobs' usedBy", async () => {
    const saved = await post(
      hive.url,
      'mutation($input: SaveNotebookAsImageInput!) { saveNotebookAsImage(input: $input) { image { id status } } }',
      { input: { notebookId: MODELARTS_SEED.notebookIds[0], name: 'saved-through-the-router', tag: 'v1' } },
    );
    expect(saved.body.errors).toBeUndefined();
    const { id } = saved.body.data.saveNotebookAsImage.image;
    jobList.push({ name: 'fine-tune-on-saved', imageId: id });
    const events = await subscribeSse(
      hive.url,
      'subscription($id: ID!) { imageChanged(id: $id) { id name status usedBy } }',
      { id },
    );
    // Live: the image while the save runs, then ACTIVE (the last), each event with the other subgraph's field.
    const statuses = events.map((event) => event.data?.imageChanged?.status);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toBe('ACTIVE');
    expect(['QUEUED', 'CREATING', 'ACTIVE'].filter((status) => statuses.includes(status))).toEqual(statuses);
    for (const event of events) {
      expect(event.data.imageChanged).toMatchObject({
        id,
        name: 'saved-through-the-router',
        usedBy: ['fine-tune-on-saved'],
      });
    }
  });
});
