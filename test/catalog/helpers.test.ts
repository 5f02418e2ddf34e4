// The catalog's pure helpers: sizes and dates for people, the forms' checks
// (the vendors' rules), and reading the gateway's errors into banners and
// field messages.

import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { withConfig } from '../../src/catalog/index.js';
import { failingSources, fieldErrorsOf, needsSignIn } from '../../src/catalog/app/errors.js';
import { fieldInWords, formatBytes, formatDateTime, formatValue } from '../../src/catalog/app/format.js';
import { serverFieldErrors } from '../../src/catalog/app/forms/form-errors.js';
import {
  checkAddEhpcImage,
  checkCreateImsImage,
  checkRegisterModelArtsImage,
  checkSaveNotebook,
  listOf,
} from '../../src/catalog/app/validate.js';

describe('formatBytes', () => {
  it('writes sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(658505728)).toBe('628 MiB');
    expect(formatBytes(107374182400)).toBe('100 GiB');
    // ModelArts's registered doc image: 3376133259 KB, sent as a BigInt string.
    expect(formatBytes(String(3376133259n * 1024n))).toBe('3.1 TiB');
  });

  it('reads BigInt strings past 2^53 without losing the unit', () => {
    expect(formatBytes('18446744073709551615')).toBe('16 EiB');
  });

  it('says nothing for missing or unreadable sizes', () => {
    for (const value of [null, undefined, '', 'lots', -1]) expect(formatBytes(value as never)).toBe('—');
  });
});

describe('formatDateTime and formatValue', () => {
  it('writes a date in the given locale, and a dash for none', () => {
    expect(formatDateTime('2024-06-18T16:00:00.000Z', 'en-GB')).toMatch(/18 Jun 2024/);
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime({} as never)).toBe('—');
  });

  it('writes any field value as text', () => {
    expect(formatValue(['CPU', 'GPU'])).toBe('CPU, GPU');
    expect(formatValue(true)).toBe('yes');
    expect(formatValue({ hw_disk_bus: 'virtio' })).toBe('{"hw_disk_bus":"virtio"}');
    expect(formatValue([])).toBe('—');
    expect(fieldInWords('osFeatureList')).toBe('Os feature list');
    expect(fieldInWords('swrPath')).toBe('Swr path');
  });
});

describe('the forms’ checks', () => {
  it('SWR path: required, registry/organization/repository[:tag]', () => {
    const ok = { description: '', workspaceId: '' };
    expect(checkRegisterModelArtsImage({ ...ok, swrPath: '' }).swrPath).toMatch(/Enter/);
    expect(checkRegisterModelArtsImage({ ...ok, swrPath: 'pytorch:1.8' }).swrPath).toMatch(/registry/);
    expect(checkRegisterModelArtsImage({ ...ok, swrPath: 'swr.x.com/Org/name:1' }).swrPath).toBeDefined();
    expect(
      checkRegisterModelArtsImage({
        ...ok,
        swrPath: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
      }),
    ).toEqual({});
    expect(checkRegisterModelArtsImage({ ...ok, swrPath: 'swr.x.com/org/a/b' })).toEqual({});
    expect(
      checkRegisterModelArtsImage({ swrPath: 'swr.x.com/org/a', description: 'x'.repeat(513), workspaceId: '' }),
    ).toHaveProperty('description');
  });

  it('save as image: notebook required, name lower-case, tag at most 64', () => {
    const ok = { notebookId: 'nb', name: '', tag: '', description: '' };
    expect(checkSaveNotebook(ok)).toEqual({});
    expect(checkSaveNotebook({ ...ok, notebookId: ' ' })).toHaveProperty('notebookId');
    expect(checkSaveNotebook({ ...ok, name: 'Upper' })).toHaveProperty('name');
    expect(checkSaveNotebook({ ...ok, tag: 'x'.repeat(65) })).toHaveProperty('tag');
    expect(checkSaveNotebook({ ...ok, name: 'my-image_1.0', tag: 'V1.0' })).toEqual({});
  });

  it('IMS: name 1–255, formats lower-case words, minimum disk 0–1024, tags without "/"', () => {
    const ok = {
      name: 'n',
      description: '',
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      minDisk: '',
      minRam: '',
      tags: [],
    };
    expect(checkCreateImsImage(ok)).toEqual({});
    expect(checkCreateImsImage({ ...ok, name: '' })).toHaveProperty('name');
    expect(checkCreateImsImage({ ...ok, diskFormat: 'QCOW2' })).toHaveProperty('diskFormat');
    expect(checkCreateImsImage({ ...ok, minDisk: '1025' })).toHaveProperty('minDisk');
    expect(checkCreateImsImage({ ...ok, minDisk: '1.5' })).toHaveProperty('minDisk');
    expect(checkCreateImsImage({ ...ok, tags: ['a/b'] })).toHaveProperty('tags');
    expect(listOf(' a, b ,,c\nd ')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('E-HPC: the spec the type needs, a password of at least 4', () => {
    const ok = { name: 'n', imageType: 'VM' as const, imageId: 'm-1', registryUrl: '', password: '' };
    expect(checkAddEhpcImage(ok)).toEqual({});
    expect(checkAddEhpcImage({ ...ok, imageId: '' })).toHaveProperty('imageId');
    expect(checkAddEhpcImage({ ...ok, imageType: 'CONTAINER' })).toHaveProperty('registryUrl');
    expect(checkAddEhpcImage({ ...ok, password: 'abc' })).toHaveProperty('password');
  });
});

const gatewayError = (message: string, extensions: Record<string, unknown>, path?: string[]) =>
  new GraphQLError(message, { extensions, path });

describe('reading the gateway’s errors', () => {
  it('a failing source: one banner per provider and region, from errors on the images path', () => {
    const error = new CombinedError({
      graphQLErrors: [
        gatewayError(
          'EHPC answered HTTP 503',
          { code: 'UPSTREAM_UNAVAILABLE', provider: 'EHPC', region: 'cn-hangzhou' },
          ['images'],
        ),
        gatewayError(
          'EHPC answered HTTP 503',
          { code: 'UPSTREAM_UNAVAILABLE', provider: 'EHPC', region: 'cn-hangzhou' },
          ['images'],
        ),
        gatewayError('elsewhere', { provider: 'IMS' }, ['node']),
      ],
    });
    expect(failingSources(error)).toEqual([
      { provider: 'EHPC', region: 'cn-hangzhou', message: 'EHPC answered HTTP 503' },
    ]);
  });

  it('a refusal naming a field goes to that field; the rest to the top of the form', () => {
    const error = new CombinedError({
      graphQLErrors: [
        gatewayError('no such notebook', { code: 'BAD_USER_INPUT', field: 'input.notebookId' }),
        gatewayError('bad image id', { code: 'BAD_USER_INPUT', field: 'input.vmImageSpec.imageId' }),
        gatewayError('project unknown', { code: 'BAD_USER_INPUT', field: 'input.projectId' }),
        gatewayError('upstream down', { code: 'UPSTREAM_UNAVAILABLE' }),
      ],
    });
    expect(fieldErrorsOf(error)).toMatchObject({
      notebookId: 'no such notebook',
      'vmImageSpec.imageId': 'bad image id',
    });
    expect(serverFieldErrors(error, ['notebookId', 'imageId'])).toEqual({
      notebookId: 'no such notebook',
      imageId: 'bad image id',
      '': 'project unknown upstream down',
    });
  });

  it('UNAUTHENTICATED, or a 401, asks for sign-in', () => {
    expect(needsSignIn(new CombinedError({ graphQLErrors: [gatewayError('no', { code: 'UNAUTHENTICATED' })] }))).toBe(
      true,
    );
    expect(needsSignIn(new CombinedError({ graphQLErrors: [gatewayError('no', { code: 'FORBIDDEN' })] }))).toBe(false);
    expect(needsSignIn(undefined)).toBe(false);
  });
});

describe('the page config in the HTML', () => {
  it('goes into the head as JSON that cannot close its script tag', () => {
    const html = withConfig('<html><head><title>x</title></head><body></body></html>', {
      endpoint: '/graphql</script><script>alert(1)</script>',
      auth: ['apikey'],
    });
    expect(html).toContain('<script type="application/json" id="catalog-config">');
    expect(html).not.toContain('</script><script>alert(1)');
    const json = html.match(/id="catalog-config">(.*?)<\/script>/)![1];
    expect(JSON.parse(json)).toEqual({ endpoint: '/graphql</script><script>alert(1)</script>', auth: ['apikey'] });
  });
});
