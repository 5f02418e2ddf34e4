// Secrets never leave the gateway: the sandbox holds a registry password
// (EHPC_SANDBOX_REGISTRY_PASSWORD) on an ACR Enterprise container image, and
// the documented example's "userpassword". Every field of every E-HPC image is
// queried (hand-written, introspection-driven "select everything", through
// ehpcImage, node, nodes and the images listing) with the gateway at debug
// level; neither password nor the access key secret may appear in any
// response or log line.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EHPC_SANDBOX_REGISTRY_PASSWORD, SANDBOX_ALIBABA } from '../../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedType {
  name: string;
  kind: string;
  fields: Array<{ name: string; args: unknown[]; type: TypeRef }> | null;
}

const TYPE_QUERY = `query($name: String!) { __type(name: $name) { name kind fields { name args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`;

describe('E-HPC secrets', () => {
  let gw: TestGateway;
  const responses: string[] = [];
  const ask = async (document: string, variables?: Record<string, unknown>) => {
    const result = await gw.query(document, variables);
    responses.push(result.text);
    return result;
  };

  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.stop();
  });

  /** `{ a b { c d } }` for a type, every field, recursively, from introspection. */
  async function selectEverything(typeName: string, depth = 0): Promise<string> {
    expect(depth).toBeLessThan(6);
    const { body } = await ask(TYPE_QUERY, { name: typeName });
    const type = body.data.__type as IntrospectedType;
    const parts: string[] = [];
    for (const field of type.fields ?? []) {
      let ref: TypeRef = field.type;
      while (ref.ofType) ref = ref.ofType;
      if (ref.kind === 'OBJECT' || ref.kind === 'INTERFACE')
        parts.push(`${field.name} ${await selectEverything(ref.name!, depth + 1)}`);
      else parts.push(field.name);
    }
    return `{ ${parts.join(' ')} }`;
  }

  it('has no password field anywhere in the E-HPC types', async () => {
    const { body } = await ask(`{ __type(name: "EhpcRegistryCredential") { fields { name } } }`);
    expect(body.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual([
      'hasPassword',
      'server',
      'userName',
    ]);
    const everything = await selectEverything('EhpcImage');
    expect(everything).not.toMatch(/\bpassword\b/i);
    expect(everything).toContain('registryCredential { server userName hasPassword }');
  });

  it('returns and logs neither the registry password nor the access key secret, whatever is queried', async () => {
    const images = gw.sandbox.ehpc.emulator.images();
    expect(
      images.some((i) => i.ContainerImageSpec?.RegistryCredential?.Password === EHPC_SANDBOX_REGISTRY_PASSWORD),
    ).toBe(true);
    const everything = await selectEverything('EhpcImage');

    // ehpcImage with the right type for each image (GetImage), and without (ListImages, then GetImage).
    for (const image of images) {
      const typed = await ask(
        `query($id: String!, $type: String) { ehpcImage(imageId: $id, imageType: $type) ${everything} }`,
        {
          id: image.ImageId,
          type: image.ImageType,
        },
      );
      expect(typed.body.errors).toBeUndefined();
      expect(typed.body.data.ehpcImage.nativeId).toBe(image.ImageId);
      const untyped = await ask(`query($id: String!) { ehpcImage(imageId: $id) ${everything} }`, { id: image.ImageId });
      expect(untyped.body.data.ehpcImage.sizeBytes).toBe(typed.body.data.ehpcImage.sizeBytes);
    }
    const container = JSON.parse(responses.find((r) => r.includes('"gromacs"'))!);
    expect(container.data.ehpcImage.containerImageSpec.registryCredential).toEqual({
      server: 'hpc-registry-vpc.cn-hangzhou.cr.aliyuncs.com',
      userName: 'ehpc-puller@1827364550192837',
      hasPassword: true,
    });

    // node / nodes by global id, through fragments on the interfaces and the type.
    const ids = await ask(`{ images(filter: { providers: [EHPC] }, first: 50) { nodes { id } } }`);
    const globalIds = ids.body.data.images.nodes.map((n: { id: string }) => n.id);
    expect(globalIds).toHaveLength(images.length);
    const nodes = await ask(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { name status } ... on EhpcImage ${everything} } }`,
      { ids: globalIds },
    );
    expect(nodes.body.errors).toBeUndefined();
    for (const id of globalIds)
      await ask(`query($id: ID!) { node(id: $id) { ... on EhpcImage ${everything} } }`, { id });

    // The listing, every field (completed lazily from GetImage).
    const listed = await ask(
      `{ images(filter: { providers: [EHPC] }, first: 10) { edges { cursor node { ... on EhpcImage ${everything} } } } }`,
    );
    expect(listed.body.errors).toBeUndefined();
    expect(
      listed.body.data.images.edges.find((e: any) => e.node.name === 'gromacs').node.containerImageSpec
        .registryCredential.hasPassword,
    ).toBe(true);

    // A failing call too: errors must not echo the request either.
    gw.sandbox.ehpc.emulator.failNext('InvalidParams', 1, { action: 'GetImage' });
    await ask(`{ ehpcImage(imageId: "${images[0].ImageId}", imageType: "${images[0].ImageType}") ${everything} }`);

    const logs = gw.logs.join('\n');
    expect(gw.logs.length).toBeGreaterThan(0);
    expect(logs).toContain('upstream call'); // debug level: every upstream call is logged
    for (const secret of [EHPC_SANDBOX_REGISTRY_PASSWORD, 'userpassword', SANDBOX_ALIBABA.accessKeySecret]) {
      for (const text of responses) expect(text).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
