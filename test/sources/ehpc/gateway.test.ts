// The E-HPC source through the real gateway over HTTP, against the sandbox
// emulator: data, the calls the emulator received (counted by x-acs-action),
// errors on their own paths, and the images listing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EHPC_SEED, type RecordedCall } from '../../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const byAction = (calls: RecordedCall[], action: string) => calls.filter((c) => c.headers['x-acs-action'] === action);

describe('E-HPC through the gateway', () => {
  let gw: TestGateway;
  const calls = () => gw.sandbox.ehpc.calls();
  const count = (action: string) => byAction(calls(), action).length;

  beforeAll(async () => {
    // No retries, so each injected fault is seen as it is.
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_UPSTREAM_RETRIES: '0' } });
  });
  afterAll(async () => {
    await gw.stop();
  });
  const reset = () => {
    gw.sandbox.ehpc.resetCalls();
    gw.sandbox.ehpc.emulator.clearFaults();
  };

  describe('ehpcImage', () => {
    it('returns the documented example, every field, with one GetImage when category and type are given', async () => {
      reset();
      const { body } = await gw.query(
        `query($id: String!) {
        ehpcImage(imageId: $id, imageCategory: "Custom", imageType: "VM") {
          __typename id provider nativeId region name description status vendorStatus architecture sizeBytes createdAt visibility
          imageType imageCategory appId version size createTime ehpcStatus osTag requestId
          containerImageSpec { registryUrl isAcrRegistry isAcrEnterprise registryCriId registryCredential { server userName hasPassword } osTag platform architecture }
          vmImageSpec { imageId osTag platform architecture }
          documentInfo { documentId encodingMode document }
          additionalRegionsInfo { status imageId regionId }
        }
      }`,
        { id: EHPC_SEED.documentedVm },
      );
      expect(body.errors).toBeUndefined();
      const image = body.data.ehpcImage;
      expect(image).toMatchObject({
        __typename: 'EhpcImage',
        provider: 'EHPC',
        nativeId: EHPC_SEED.documentedVm,
        region: 'cn-hangzhou',
        name: 'app-image',
        description: '应用测试镜像。',
        status: 'UNKNOWN',
        vendorStatus: '',
        architecture: 'X86_64',
        sizeBytes: 42949672960,
        createdAt: '2022-12-23T09:51:39.000Z',
        visibility: 'PRIVATE',
        imageType: 'VM',
        imageCategory: 'CUSTOM',
        appId: '',
        version: 'v1.0',
        size: '40 GiB',
        ehpcStatus: '',
        osTag: 'CentOS 7.6 64 bit',
        containerImageSpec: {
          registryUrl: 'registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/nginx:latest',
          isAcrRegistry: true,
          isAcrEnterprise: true,
          registryCriId: 'cri-xyz795ygf8k9****',
          registryCredential: {
            server: 'registry-vpc.cn-hangzhou.aliyuncs.com',
            userName: 'username',
            hasPassword: true,
          },
          osTag: '',
          platform: '',
          architecture: '',
        },
        vmImageSpec: {
          imageId: EHPC_SEED.documentedVm,
          osTag: 'CentOS 7.6 64 bit',
          platform: 'CentOS',
          architecture: 'x86_64',
        },
        documentInfo: { documentId: '', encodingMode: '', document: '' },
        additionalRegionsInfo: [{ status: '', imageId: '', regionId: '' }],
      });
      expect(image.requestId).toMatch(/^[0-9A-F-]{36}$/);
      expect(calls()).toHaveLength(1);
      expect(byAction(calls(), 'GetImage')[0].query).toEqual({
        ImageId: [EHPC_SEED.documentedVm],
        ImageCategory: ['Custom'],
        ImageType: ['VM'],
      });
    });

    it('finds a container image without imageType: one ListImages for the type, then GetImage with it', async () => {
      reset();
      const { body } = await gw.query(
        `{ ehpcImage(imageId: "${EHPC_SEED.acrContainer}") { imageType sizeBytes architecture containerImageSpec { registryCredential { userName hasPassword } } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.ehpcImage).toEqual({
        imageType: 'CONTAINER',
        sizeBytes: 2500000000,
        architecture: 'X86_64',
        containerImageSpec: { registryCredential: { userName: 'ehpc-puller@1827364550192837', hasPassword: true } },
      });
      expect(count('ListImages')).toBe(1);
      expect(byAction(calls(), 'GetImage').map((c) => c.query.ImageType)).toEqual([['Container']]);
    });

    it('answers list-only fields from ListImages alone, and merges both answers when both are asked', async () => {
      reset();
      const listOnly = await gw.query(
        `{ ehpcImage(imageId: "${EHPC_SEED.acrContainer}") { name updatedAt weight osTag } }`,
      );
      expect(listOnly.body.data.ehpcImage).toEqual({
        name: 'gromacs',
        updatedAt: '2024-03-02T11:22:33.000Z',
        weight: 10,
        osTag: 'Ubuntu 22.04 64 bit',
      });
      expect([count('ListImages'), count('GetImage')]).toEqual([1, 0]);
      reset();
      const both = await gw.query(
        `{ ehpcImage(imageId: "${EHPC_SEED.acrContainer}") { updatedAt weight size status vendorStatus } }`,
      );
      expect(both.body.data.ehpcImage).toEqual({
        updatedAt: '2024-03-02T11:22:33.000Z',
        weight: 10,
        size: '2.5 GB',
        status: 'ACTIVE',
        vendorStatus: 'Available',
      });
      expect([count('ListImages'), count('GetImage')]).toEqual([1, 1]);
    });

    it('narrows additionalRegionsInfo with additionalRegionIds (sent as a JSON array)', async () => {
      reset();
      const { body } = await gw.query(
        `{ ehpcImage(imageId: "${EHPC_SEED.multiRegionVm}", imageType: "VM", additionalRegionIds: ["cn-shenzhen", "cn-shanghai"]) { additionalRegionsInfo { regionId imageId status } } }`,
      );
      expect(body.data.ehpcImage.additionalRegionsInfo).toEqual([
        { regionId: 'cn-shenzhen', imageId: 'm-wz9copy2region5k7m1a', status: 'Creating' },
        { regionId: 'cn-shanghai', imageId: 'm-uf6copy3region1x4b8c', status: 'Available' },
      ]);
      expect(byAction(calls(), 'GetImage')[0].query.AdditionalRegionIds).toEqual(['["cn-shenzhen","cn-shanghai"]']);
    });

    it('is null without an error for an image that does not exist (either call)', async () => {
      reset();
      const { body } = await gw.query(
        `{ a: ehpcImage(imageId: "m-doesnotexist000000001", imageType: "VM") { name size } b: ehpcImage(imageId: "m-doesnotexist000000002") { name } c: ehpcImage(imageId: "${EHPC_SEED.acrContainer}", imageType: "VM") { size } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ a: null, b: null, c: null });
      expect(byAction(calls(), 'GetImage').every((c) => c.status === 404)).toBe(true);
    });

    it('finds visibility by ListImages per category when none is given', async () => {
      reset();
      const { body } = await gw.query(
        `{ a: ehpcImage(imageId: "${EHPC_SEED.publicArmVm}") { visibility imageCategory } b: ehpcImage(imageId: "${EHPC_SEED.helloContainer}") { visibility imageCategory } }`,
      );
      expect(body.data).toEqual({
        a: { visibility: 'PUBLIC', imageCategory: 'PUBLIC' },
        b: { visibility: 'PRIVATE', imageCategory: 'CUSTOM' },
      });
      // One call per category, for both images together.
      expect(
        byAction(calls(), 'ListImages')
          .map((c) => c.query.ImageCategory[0])
          .sort(),
      ).toEqual(['Custom', 'Public']);
    });

    it("accepts an E-HPC global id and refuses another provider's", async () => {
      const first = await gw.query(`{ ehpcImage(imageId: "${EHPC_SEED.publicX86Vm}") { id } }`);
      const id = first.body.data.ehpcImage.id;
      const again = await gw.query(`{ ehpcImage(imageId: "${id}") { nativeId } }`);
      expect(again.body.data.ehpcImage.nativeId).toBe(EHPC_SEED.publicX86Vm);
      const foreign = Buffer.from(JSON.stringify(['img', 1, 'IMS', '', '', 'x'])).toString('base64url');
      const refused = await gw.query(`{ ehpcImage(imageId: "${foreign}") { id } }`);
      expect(refused.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'imageId' });
    });
  });

  describe('batching', () => {
    it('answers N ids of list-available fields with one ListImages (ImageIds), no GetImage', async () => {
      const first = await gw.query(
        `{ ${Object.values(EHPC_SEED)
          .map((id, i) => `i${i}: ehpcImage(imageId: "${id}") { id }`)
          .join(' ')} }`,
      );
      const ids = Object.values(first.body.data).map((v: any) => v.id);
      reset();
      const { body } = await gw.query(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on EhpcImage { nativeId name createdAt imageType appId version updatedAt weight osTag } } }`,
        { ids: [...ids, ids[0]] },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.nodes.map((n: any) => n.nativeId)).toEqual([
        ...Object.values(EHPC_SEED),
        EHPC_SEED.documentedVm,
      ]);
      expect(count('GetImage')).toBe(0);
      const list = byAction(calls(), 'ListImages');
      expect(list).toHaveLength(1);
      expect(JSON.parse(list[0].query.ImageIds[0]).sort()).toEqual([...Object.values(EHPC_SEED)].sort());
    });

    it('chunks ImageIds by the largest page (100): 250 ids, 3 ListImages calls', async () => {
      const generated = gw.sandbox.ehpc.emulator.generateImages(250);
      const first = await gw.query(`{ ehpcImage(imageId: "${generated[0].ImageId}") { id } }`);
      const template = first.body.data.ehpcImage.id as string;
      const idOf = (nativeId: string) =>
        Buffer.from(JSON.stringify(['img', 1, 'EHPC', 'cn-hangzhou', '', nativeId])).toString('base64url');
      expect(idOf(generated[0].ImageId)).toBe(template);
      reset();
      const { body } = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on EhpcImage { name } } }`, {
        ids: generated.map((g) => idOf(g.ImageId)),
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.nodes.map((n: any) => n.name)).toEqual(generated.map((g) => g.Name));
      const list = byAction(calls(), 'ListImages');
      expect(list.map((c) => JSON.parse(c.query.ImageIds[0]).length)).toEqual([100, 100, 50]);
      expect(count('GetImage')).toBe(0);
      for (const g of generated) gw.sandbox.ehpc.emulator.removeImage(g.ImageId);
    });

    it('uses GetImage per distinct id for detail fields (duplicates and aliases deduped), after one ListImages for the types', async () => {
      const ids = [EHPC_SEED.documentedVm, EHPC_SEED.acrContainer, EHPC_SEED.publicArmVm];
      const globalIds = ids.map((id) =>
        Buffer.from(JSON.stringify(['img', 1, 'EHPC', 'cn-hangzhou', '', id])).toString('base64url'),
      );
      reset();
      const { body } = await gw.query(
        `query($ids: [ID!]!, $one: ID!) { nodes(ids: $ids) { ... on Image { sizeBytes status } } again: node(id: $one) { ... on EhpcImage { size } } }`,
        { ids: [...globalIds, globalIds[1], globalIds[0]], one: globalIds[2] },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.nodes.map((n: any) => n.sizeBytes)).toEqual([
        42949672960, 2500000000, 21474836480, 2500000000, 42949672960,
      ]);
      expect(body.data.again.size).toBe('20 GiB');
      expect(count('ListImages')).toBe(1);
      expect(
        byAction(calls(), 'GetImage')
          .map((c) => c.query.ImageId[0])
          .sort(),
      ).toEqual([...ids].sort());
    });

    it('caps GetImage calls in flight at the instance concurrency', async () => {
      const capped = await startTestGateway({ env: { IMAGE_GATEWAY_UPSTREAM_CONCURRENCY: '3' } });
      try {
        const generated = capped.sandbox.ehpc.emulator.generateImages(12);
        capped.sandbox.ehpc.injectFault({ delayMs: 40, times: Infinity });
        const aliases = generated
          .map((g, i) => `g${i}: ehpcImage(imageId: "${g.ImageId}", imageType: "VM") { size }`)
          .join(' ');
        const { body } = await capped.query(`{ ${aliases} }`);
        expect(body.errors).toBeUndefined();
        const gets = byAction(capped.sandbox.ehpc.calls(), 'GetImage');
        expect(gets).toHaveLength(12);
        // Most calls in flight at once: sweep arrivals (+1) and ends (-1), ends first on ties.
        const events = gets
          .flatMap(
            (c) =>
              [
                [c.startedAt, 1],
                [c.endedAt, -1],
              ] as const,
          )
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let inFlight = 0;
        let peak = 0;
        for (const [, delta] of events) peak = Math.max(peak, (inFlight += delta));
        expect(peak).toBeLessThanOrEqual(3);
        expect(peak).toBeGreaterThan(1);
      } finally {
        await capped.stop();
      }
    });
  });

  describe('errors', () => {
    const cases = [
      ['InvalidParams', 400, 'BAD_USER_INPUT'],
      ['NotEnabled', 400, 'FORBIDDEN'],
      ['NotAuthorized', 407, 'FORBIDDEN'],
      ['ServiceUnavailable', 503, 'UPSTREAM_UNAVAILABLE'],
      ['EcsError', 406, 'UPSTREAM_ERROR'],
      ['AliyunError', 406, 'UPSTREAM_ERROR'],
      ['DbError', 406, 'UPSTREAM_ERROR'],
    ] as const;

    it.each(cases)('%s (HTTP %s) → %s on its own path; the sibling resolves', async (vendorCode, status, code) => {
      reset();
      gw.sandbox.ehpc.emulator.failNext(vendorCode, 1, { action: 'GetImage', param: 'ImageId' });
      const { body } = await gw.query(`{
        failing: ehpcImage(imageId: "${EHPC_SEED.documentedVm}", imageType: "VM") { name size }
        sibling: ehpcImage(imageId: "${EHPC_SEED.publicX86Vm}") { name }
      }`);
      expect(body.data).toEqual({ failing: null, sibling: { name: 'centos_7_9_x64_20G_alibase_20220601.vhd' } });
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors!;
      expect(error.path).toEqual(['failing']);
      expect(error.extensions).toMatchObject({ code, provider: 'EHPC', vendorCode, upstreamStatus: status });
      const failed = byAction(calls(), 'GetImage').find((c) => c.status === status)!;
      expect(failed).toBeDefined();
      expect(error.extensions!.requestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
      if (vendorCode === 'InvalidParams') expect(error.extensions!.field).toBe('imageId');
    });

    it('Success: false on HTTP 200 is UPSTREAM_ERROR with its Code and Message', async () => {
      reset();
      gw.sandbox.ehpc.emulator.successFalseNext(1, {
        action: 'GetImage',
        Code: 'InternalError',
        Message: 'Something broke.',
      });
      const { body } = await gw.query(`{ ehpcImage(imageId: "${EHPC_SEED.documentedVm}", imageType: "VM") { size } }`);
      expect(body.data.ehpcImage).toBeNull();
      expect(body.errors![0].extensions).toMatchObject({
        code: 'UPSTREAM_ERROR',
        provider: 'EHPC',
        vendorCode: 'InternalError',
        upstreamStatus: 200,
      });
      expect(body.errors![0].message).toContain('Something broke.');
      reset();
      gw.sandbox.ehpc.emulator.successFalseNext(1, { action: 'ListImages' });
      const bare = await gw.query(`{ ehpcImage(imageId: "${EHPC_SEED.documentedVm}") { name } }`);
      expect(bare.body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'EHPC' });
      expect(bare.body.errors![0].extensions!.requestId).toMatch(/^[0-9A-F-]{36}$/);
    });

    it('an unparseable body is UPSTREAM_BAD_RESPONSE', async () => {
      reset();
      gw.sandbox.ehpc.injectFault({
        status: 200,
        body: '<html>not json</html>',
        headers: { 'content-type': 'text/html' },
      });
      const { body } = await gw.query(`{ ehpcImage(imageId: "${EHPC_SEED.documentedVm}", imageType: "VM") { size } }`);
      expect(body.data.ehpcImage).toBeNull();
      expect(body.errors![0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'EHPC' });
    });

    it('refused credentials are UNAUTHENTICATED, secret-free', async () => {
      const wrongSecret = await startTestGateway({
        env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'definitely-wrong-secret-123' },
      });
      const wrongKey = await startTestGateway({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tNoSuchKey' } });
      const badToken = await startTestGateway({ env: { ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-not-a-real-token' } });
      const goodToken = await startTestGateway({
        env: { ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-sandbox-ehpc-sts-token-0001' },
      });
      try {
        const q = `{ ehpcImage(imageId: "${EHPC_SEED.documentedVm}", imageType: "VM") { name } }`;
        for (const [g, vendorCode] of [
          [wrongSecret, 'SignatureDoesNotMatch'],
          [wrongKey, 'InvalidAccessKeyId.NotFound'],
          [badToken, 'InvalidSecurityToken.Malformed'],
        ] as const) {
          const { body, text } = await g.query(q);
          expect(body.data.ehpcImage).toBeNull();
          expect(body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', provider: 'EHPC', vendorCode });
          expect(text).not.toContain('definitely-wrong-secret-123');
          expect(g.logs.join('\n')).not.toContain('definitely-wrong-secret-123');
        }
        const ok = await goodToken.query(q);
        expect(ok.body.data.ehpcImage.name).toBe('app-image');
        expect(goodToken.sandbox.ehpc.calls()[0].headers['x-acs-security-token']).toBe(
          'CAIS-sandbox-ehpc-sts-token-0001',
        );
        expect(goodToken.logs.join('\n')).not.toContain('CAIS-sandbox-ehpc-sts-token-0001');
      } finally {
        await Promise.all([wrongSecret.stop(), wrongKey.stop(), badToken.stop(), goodToken.stop()]);
      }
    });
  });

  describe('GraphiQL examples', () => {
    it('run against the sandbox without errors', async () => {
      const { EHPC_EXAMPLES } = await import('../../../src/sources/ehpc/examples.js');
      for (const example of EHPC_EXAMPLES) {
        const { body } = await gw.query(example.document, example.variables);
        expect(body.errors, example.name).toBeUndefined();
        expect(Object.values(body.data)[0], example.name).not.toBeNull();
      }
    });
  });

  describe('images listing', () => {
    it('lists E-HPC images newest first, paging by ListImages PageNumber', async () => {
      reset();
      const all = gw.sandbox.ehpc.emulator.images();
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const { body }: { body: any } = await gw.query(
          `query($after: String) { images(filter: { providers: [EHPC] }, first: 3, after: $after) { nodes { nativeId createdAt ... on EhpcImage { status visibility } } pageInfo { hasNextPage endCursor } totalCount } }`,
          { after },
        );
        expect(body.errors).toBeUndefined();
        seen.push(...body.data.images.nodes.map((n: any) => n.nativeId));
        expect(body.data.images.totalCount).toBe(all.length);
        if (!body.data.images.pageInfo.hasNextPage) break;
        after = body.data.images.pageInfo.endCursor;
      }
      expect(seen).toEqual(all.map((i) => i.ImageId));
      const pages = byAction(calls(), 'ListImages').filter((c) => !c.query.ImageIds);
      expect(pages.length).toBeGreaterThan(0);
      expect(pages.every((c) => c.query.PageNumber && c.query.PageSize)).toBe(true);
    });

    it('pushes a single visibility down as ImageCategory and filters status in the gateway', async () => {
      reset();
      const { body } = await gw.query(
        `{ images(filter: { providers: [EHPC], visibility: [PUBLIC] }, first: 10) { nodes { nativeId visibility } totalCount } }`,
      );
      expect(body.errors).toBeUndefined();
      const publicIds = gw.sandbox.ehpc.emulator
        .images()
        .filter((i) => i.ImageCategory === 'Public')
        .map((i) => i.ImageId);
      expect(body.data.images.nodes.map((n: any) => n.nativeId)).toEqual(publicIds);
      expect(body.data.images.nodes.every((n: any) => n.visibility === 'PUBLIC')).toBe(true);
      expect(byAction(calls(), 'ListImages').every((c) => c.query.ImageCategory?.[0] === 'Public')).toBe(true);
      expect(count('GetImage')).toBe(0);

      reset();
      const creating = await gw.query(
        `{ images(filter: { providers: [EHPC], status: [CREATING] }, first: 10) { nodes { nativeId status vendorStatus } totalCount } }`,
      );
      expect(creating.body.errors).toBeUndefined();
      expect(creating.body.data.images.nodes).toEqual([
        { nativeId: EHPC_SEED.helloContainer, status: 'CREATING', vendorStatus: 'Creating' },
      ]);
      expect(creating.body.data.images.totalCount).toBeNull();
    });
  });
});
