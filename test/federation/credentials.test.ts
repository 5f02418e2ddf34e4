// Callers' credentials through the supergraph: the image gateway with client
// authentication on (API keys) and IMS on passthrough (the caller's own
// X-Auth-Token reaches Glance), under Hive Gateway configured as
// examples/supergraph/gateway.config.ts. The router forwards the caller's
// headers on queries and, in connection_init, on subscriptions; a request
// that reaches the subgraph without them is refused as a direct one is.

import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  composeExample,
  post,
  startHiveGateway,
  startTrainingJobs,
  subscribeSse,
  type RunningServer,
  type TrainingJobsServer,
} from './harness.js';

const READER_KEY = 'igw_reader_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const WRITER_KEY = 'igw_writer_only_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const ALICE = 'MIIalice-iam-token-5f0c3a2b9d8e7f6a5b4c3d2e1f0a9b8c';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const reader = { 'x-api-key': READER_KEY, 'x-auth-token': ALICE };

describe('credentials through Hive Gateway', () => {
  let dir: string;
  let gw: TestGateway;
  let jobs: TrainingJobsServer;
  let hive: RunningServer;
  const privateNativeId = randomUUID();
  let privateId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'federation-credentials-'));
    const keysFile = path.join(dir, 'keys.yaml');
    writeFileSync(
      keysFile,
      `- name: reader-bot\n  sha256: ${sha256(READER_KEY)}\n  scopes: [images:read]\n` +
        `- name: writer-bot\n  sha256: ${sha256(WRITER_KEY)}\n  scopes: [images:write]\n`,
    );
    gw = await startTestGateway({
      sandbox: { ims: { projectTokens: { [ALICE]: SANDBOX_HUAWEI.projectId } } },
      env: {
        IMAGE_GATEWAY_AUTH: 'apikey',
        IMAGE_GATEWAY_API_KEYS_FILE: keysFile,
        IMS_AUTH: 'passthrough',
        IMAGE_GATEWAY_UPSTREAM_RETRIES: '0',
      },
    });
    gw.sandbox.ims.emulator.seedImage({
      id: privateNativeId,
      name: 'alice-private',
      owner: SANDBOX_HUAWEI.projectId,
      visibility: 'private',
      status: 'active',
      created_at: '2024-05-01T10:00:00Z',
      updated_at: '2024-05-01T10:00:00Z',
      container_format: 'bare',
      disk_format: 'qcow2',
      tags: [],
      protected: false,
    });
    const { body } = await gw.query(
      '{ images(first: 100, filter: { providers: [IMS] }) { nodes { id name } } }',
      {},
      reader,
    );
    privateId = body.data.images.nodes.find((n: { name: string }) => n.name === 'alice-private').id;
    jobs = await startTrainingJobs([{ name: 'alice-job', imageId: privateId }]);
    // The composer reads _service with a credential too: the subgraph's SDL is no one's without one.
    hive = await startHiveGateway(await composeExample(gw.url, jobs.url, { 'x-api-key': READER_KEY }));
  });
  afterAll(async () => {
    await hive?.close();
    await jobs?.close();
    await gw?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => gw.sandbox.resetCalls());

  it("with the caller's key and cloud token forwarded, an image only that token may read is joined", async () => {
    const { body } = await post(hive.url, '{ trainingJobs { name image { id name usedBy } } }', undefined, reader);
    expect(body.errors).toBeUndefined();
    expect(body.data.trainingJobs).toEqual([
      { name: 'alice-job', image: { id: privateId, name: 'alice-private', usedBy: ['alice-job'] } },
    ]);
    // The caller's credentials went to the image gateway only, never to the other subgraph.
    expect(jobs.received.length).toBeGreaterThan(0);
    for (const headers of jobs.received) {
      expect(headers['x-api-key']).toBeUndefined();
      expect(headers['x-auth-token']).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    }
    // The caller's own token, and nothing else, reached Glance.
    const sent = gw.sandbox.ims.calls().map((c) => c.headers['x-auth-token']);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set([ALICE]));
  });

  it('without a key the subgraph refuses the router as it refuses a direct caller: 401 UNAUTHENTICATED', async () => {
    const query = '{ images(first: 5) { nodes { id } } }';
    const direct = await post(gw.url, query);
    expect(direct.status).toBe(401);
    expect(direct.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const refusals = () => gw.logs.filter((line) => line.includes('"request refused"')).map((line) => JSON.parse(line));
    const refusalsBefore = refusals().length;
    const routed = await post(hive.url, query, undefined, { 'x-auth-token': ALICE });
    expect(routed.body.data?.images ?? null).toBeNull();
    expect(routed.body.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toContain(
      'UNAUTHENTICATED',
    );
    expect(routed.text).not.toContain(privateId);
    // The router's request was refused as the direct one was: a 401 before any resolver ran.
    expect(refusals().slice(refusalsBefore)).toEqual([expect.objectContaining({ status: 401 })]);
    expect(gw.sandbox.ims.calls()).toHaveLength(0);
  });

  it('_entities is a query: a key without images:read is FORBIDDEN before any upstream call', async () => {
    const entities = await post(
      gw.url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Image { id } } }',
      { r: [{ __typename: 'Image', id: privateId }] },
      { 'x-api-key': WRITER_KEY, 'x-auth-token': ALICE },
    );
    expect(entities.status).toBe(403);
    expect(entities.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(gw.sandbox.ims.calls()).toHaveLength(0);
  });

  it('with the key but no cloud token, the passthrough source is named unavailable in the data (UNAUTHENTICATED)', async () => {
    const { body } = await post(
      hive.url,
      '{ images(first: 5, filter: { providers: [IMS] }) { nodes { id } unavailableSources { provider code } } }',
      undefined,
      { 'x-api-key': READER_KEY },
    );
    expect(body.data.images).toEqual({
      nodes: [],
      unavailableSources: [{ provider: 'IMS', code: 'UNAUTHENTICATED' }],
    });
  });

  it("imageChanged through the router: connection_init carries the caller's headers, usedBy is joined into the event", async () => {
    const subscription = 'subscription($id: ID!) { imageChanged(id: $id) { id name status usedBy } }';
    const events = await subscribeSse(hive.url, subscription, { id: privateId }, reader);
    expect(events).toEqual([
      { data: { imageChanged: { id: privateId, name: 'alice-private', status: 'ACTIVE', usedBy: ['alice-job'] } } },
    ]);
    expect(new Set(gw.sandbox.ims.calls().map((c) => c.headers['x-auth-token']))).toEqual(new Set([ALICE]));

    // Without the key, the WebSocket to the subgraph is refused at connection_init: no event, no upstream call.
    gw.sandbox.resetCalls();
    const refused = await subscribeSse(
      hive.url,
      subscription,
      { id: privateId },
      { 'x-auth-token': ALICE },
      {
        timeoutMs: 5_000,
      },
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((event) => event.errors && !event.data?.imageChanged)).toBe(true);
    expect(gw.sandbox.ims.calls()).toHaveLength(0);
  });
});
