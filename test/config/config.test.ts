// Configuration from the environment (the vendors' own SDK variable names) and
// from IMAGE_GATEWAY_CONFIG files (JSON or YAML, several instances per source):
// every mistake stops the gateway with a message naming the key at fault.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  ConfigError,
  DEFAULT_LIMITS,
  DEFAULT_SERVER_SETTINGS,
  DEFAULT_WATCH,
  loadConfig,
  wantsSandbox,
  type Env,
} from '../../src/config/index.js';
import { modelArtsSource } from '../../src/sources/modelarts/index.js';
import { SOURCES } from '../../src/sources/index.js';

const SPECS = [modelArtsSource];
const ALL_SPECS = SOURCES;
const AK = 'HPUA1234567890ABCDEF';
const SK = 'secret-key-0123456789abcdefghijklmnopqrstuv';
const PROJECT = '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e';
const HUAWEI: Env = {
  MODELARTS_ENDPOINT: 'https://modelarts.cn-north-4.myhuaweicloud.com/',
  HUAWEICLOUD_SDK_AK: AK,
  HUAWEICLOUD_SDK_SK: SK,
  HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'image-gateway-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function file(name: string, text: string): string {
  fileCount += 1;
  const full = path.join(dir, `${fileCount}-${name}`);
  fs.writeFileSync(full, text);
  return full;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('wantsSandbox', () => {
  it.each<[string, Env, boolean]>([
    ['nothing configured', {}, true],
    ['only credentials', { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }, true],
    ['an endpoint', { MODELARTS_ENDPOINT: 'https://modelarts.cn-north-4.myhuaweicloud.com' }, false],
    ['an empty endpoint', { MODELARTS_ENDPOINT: '' }, true],
    ['a config file', { IMAGE_GATEWAY_CONFIG: '/etc/image-gateway.yaml' }, false],
    ['forced with 1', { IMAGE_GATEWAY_SANDBOX: '1', MODELARTS_ENDPOINT: 'https://x.example' }, true],
    ['forced with true', { IMAGE_GATEWAY_SANDBOX: 'true', IMAGE_GATEWAY_CONFIG: '/x.yaml' }, true],
    ['not forced with 0', { IMAGE_GATEWAY_SANDBOX: '0', MODELARTS_ENDPOINT: 'https://x.example' }, false],
  ])('%s → %s', (_name, env, expected) => {
    expect(wantsSandbox(env, SPECS)).toBe(expected);
  });

  it('any registered source endpoint counts', () => {
    for (const source of ALL_SPECS)
      expect(wantsSandbox({ [source.config.endpointEnv]: 'https://x.example' }, ALL_SPECS)).toBe(false);
  });
});

describe('loadConfig from the environment', () => {
  it('MODELARTS_ENDPOINT + HUAWEICLOUD_SDK_* → one AK/SK instance with the defaults', () => {
    const config = loadConfig({ ...HUAWEI, HUAWEICLOUD_SDK_REGION: 'cn-north-4' }, SPECS);
    expect(config).toStrictEqual({
      host: '127.0.0.1',
      port: 4000,
      sandbox: false,
      logLevel: 'info',
      limits: DEFAULT_LIMITS,
      server: DEFAULT_SERVER_SETTINGS,
      watch: DEFAULT_WATCH,
      clientAuth: { methods: [], explicit: false },
      sources: [
        {
          provider: 'MODELARTS',
          name: 'modelarts:cn-north-4',
          endpoint: 'https://modelarts.cn-north-4.myhuaweicloud.com',
          region: 'cn-north-4',
          project: PROJECT,
          auth: { type: 'aksk', ak: AK, sk: SK, projectId: PROJECT, securityToken: undefined },
          timeoutMs: 10_000,
          concurrency: 8,
          retries: 2,
          options: undefined,
        },
      ],
      metricsPort: null,
      shutdownTimeoutMs: 10_000,
      requestTimeoutMs: 15_000,
      state: DEFAULT_STATE,
    });
  });

  it('the region comes from the endpoint host when HUAWEICLOUD_SDK_REGION is unset', () => {
    const config = loadConfig(
      { ...HUAWEI, MODELARTS_ENDPOINT: 'https://modelarts.ap-southeast-1.myhuaweicloud.com' },
      SPECS,
    );
    expect(config.sources[0]).toMatchObject({ region: 'ap-southeast-1', name: 'modelarts:ap-southeast-1' });
  });

  it('a loopback endpoint has no region', () => {
    const config = loadConfig({ ...HUAWEI, MODELARTS_ENDPOINT: 'http://127.0.0.1:9000' }, SPECS);
    expect(config.sources[0]).toMatchObject({
      region: '',
      name: 'modelarts:default',
      endpoint: 'http://127.0.0.1:9000',
    });
  });

  it('temporary credentials: HUAWEICLOUD_SDK_SECURITY_TOKEN', () => {
    const config = loadConfig({ ...HUAWEI, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'sts-token' }, SPECS);
    expect(config.sources[0].auth).toEqual({
      type: 'aksk',
      ak: AK,
      sk: SK,
      projectId: PROJECT,
      securityToken: 'sts-token',
    });
  });

  it('HUAWEICLOUD_AUTH_TOKEN without AK/SK → token auth', () => {
    const config = loadConfig(
      {
        MODELARTS_ENDPOINT: 'https://modelarts.cn-north-4.myhuaweicloud.com',
        HUAWEICLOUD_AUTH_TOKEN: 'tok',
        HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
      },
      SPECS,
    );
    expect(config.sources[0]).toMatchObject({ auth: { type: 'token', token: 'tok' }, project: PROJECT });
  });

  it('AK/SK win over a token when both are set', () => {
    expect(loadConfig({ ...HUAWEI, HUAWEICLOUD_AUTH_TOKEN: 'tok' }, SPECS).sources[0].auth.type).toBe('aksk');
  });

  it('PORT, HOST, LOG_LEVEL and the upstream knobs', () => {
    const config = loadConfig(
      {
        ...HUAWEI,
        PORT: '8080',
        HOST: '0.0.0.0',
        IMAGE_GATEWAY_AUTH: 'none',
        LOG_LEVEL: 'debug',
        IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '2500',
        IMAGE_GATEWAY_UPSTREAM_CONCURRENCY: '3',
        IMAGE_GATEWAY_UPSTREAM_RETRIES: '0',
      },
      SPECS,
      { sandbox: true },
    );
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8080, logLevel: 'debug', sandbox: true });
    expect(config.sources[0]).toMatchObject({ timeoutMs: 2500, concurrency: 3, retries: 0 });
  });

  it('PORT 0 picks a free port; surrounding whitespace is tolerated', () => {
    expect(loadConfig({ PORT: '0' }, SPECS).port).toBe(0);
    expect(loadConfig({ PORT: ' 8080\n' }, SPECS).port).toBe(8080);
  });

  it('no endpoint → no instance', () => {
    expect(loadConfig({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }, SPECS).sources).toEqual([]);
  });

  it.each([
    ['HUAWEICLOUD_SDK_SK', { HUAWEICLOUD_SDK_SK: undefined }],
    ['HUAWEICLOUD_SDK_AK', { HUAWEICLOUD_SDK_AK: '' }],
  ])('missing %s → ConfigError naming it, without the other credential', (name, patch) => {
    const message = configError(() => loadConfig({ ...HUAWEI, ...patch }, SPECS));
    expect(message).toContain(name);
    expect(message).not.toContain(SK);
    expect(message).not.toContain(AK);
  });

  it.each(['abc', '70000', '-1', '1.5', ' ', '0x50', '1e3', '8080abc'])('PORT=%j → ConfigError naming PORT', (port) => {
    expect(configError(() => loadConfig({ PORT: port }, SPECS))).toMatch(/^PORT must be an integer from 0 to 65535/);
  });

  it('the metrics port, the shutdown timeout and the request timeout', () => {
    const config = loadConfig(
      {
        IMAGE_GATEWAY_METRICS_PORT: '9464',
        IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS: '0',
        IMAGE_GATEWAY_REQUEST_TIMEOUT_MS: '2500',
      },
      SPECS,
    );
    expect(config).toMatchObject({ metricsPort: 9464, shutdownTimeoutMs: 0, requestTimeoutMs: 2500 });
    expect(loadConfig({ IMAGE_GATEWAY_METRICS_PORT: '' }, SPECS).metricsPort).toBeNull();
    // 0: any free port, for the main port too, so the two never clash.
    expect(loadConfig({ PORT: '0', IMAGE_GATEWAY_METRICS_PORT: '0' }, SPECS)).toMatchObject({
      port: 0,
      metricsPort: 0,
    });
  });

  it('IMAGE_GATEWAY_METRICS_PORT equal to PORT → ConfigError naming both', () => {
    expect(configError(() => loadConfig({ PORT: '8080', IMAGE_GATEWAY_METRICS_PORT: '8080' }, SPECS))).toBe(
      'IMAGE_GATEWAY_METRICS_PORT must differ from PORT (both are 8080)',
    );
    expect(configError(() => loadConfig({ IMAGE_GATEWAY_METRICS_PORT: '4000' }, SPECS))).toContain('differ from PORT');
  });

  it.each<[string, string]>([
    ['IMAGE_GATEWAY_UPSTREAM_CONCURRENCY', '0'],
    ['IMAGE_GATEWAY_UPSTREAM_CONCURRENCY', 'many'],
    ['IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS', '0'],
    ['IMAGE_GATEWAY_UPSTREAM_RETRIES', '11'],
    ['IMAGE_GATEWAY_METRICS_PORT', '65536'],
    ['IMAGE_GATEWAY_METRICS_PORT', 'metrics'],
    ['IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS', '-1'],
    ['IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS', '600001'],
    ['IMAGE_GATEWAY_REQUEST_TIMEOUT_MS', '0'],
    ['IMAGE_GATEWAY_REQUEST_TIMEOUT_MS', '15s'],
  ])('%s=%j → ConfigError naming it', (key, value) => {
    expect(configError(() => loadConfig({ ...HUAWEI, [key]: value }, SPECS))).toContain(key);
  });

  it.each(['not a url', 'ftp://modelarts.example.com', 'modelarts.cn-north-4.myhuaweicloud.com'])(
    'MODELARTS_ENDPOINT=%j → ConfigError naming it',
    (endpoint) => {
      expect(configError(() => loadConfig({ ...HUAWEI, MODELARTS_ENDPOINT: endpoint }, SPECS))).toContain(
        'MODELARTS_ENDPOINT',
      );
    },
  );
});

describe('loadConfig from IMAGE_GATEWAY_CONFIG', () => {
  const env: Env = { HUAWEI_SK_NORTH: 'sk-from-env-north', HUAWEI_SK_SOUTH: 'sk-from-env-south' };

  it('a JSON file with several ModelArts instances, skEnv indirection and limits; env instances join', () => {
    const json = file(
      'gateway.json',
      JSON.stringify({
        host: '127.0.0.1',
        port: 4100,
        limits: { maxDepth: 8, maxNodeIds: 50 },
        sources: [
          {
            provider: 'MODELARTS',
            name: 'north',
            endpoint: 'https://modelarts.cn-north-4.myhuaweicloud.com/',
            region: 'cn-north-4',
            auth: { type: 'aksk', ak: 'AK-NORTH', skEnv: 'HUAWEI_SK_NORTH', projectId: 'p-north' },
            concurrency: 2,
          },
          {
            provider: 'MODELARTS',
            endpoint: 'https://modelarts.cn-south-1.myhuaweicloud.com',
            region: 'cn-south-1',
            project: 'p-south-explicit',
            auth: { type: 'aksk', akEnv: 'HUAWEI_AK_SOUTH', skEnv: 'HUAWEI_SK_SOUTH' },
            timeoutMs: 3000,
            retries: 0,
            rateLimit: 5,
          },
          {
            provider: 'MODELARTS',
            name: 'token-one',
            endpoint: 'http://127.0.0.1:9999',
            auth: { type: 'token', tokenEnv: 'TOKEN_X' },
          },
        ],
      }),
    );
    const config = loadConfig(
      {
        ...env,
        HUAWEI_AK_SOUTH: 'AK-SOUTH',
        TOKEN_X: 'tok-x',
        IMAGE_GATEWAY_CONFIG: json,
        ...HUAWEI,
        HUAWEICLOUD_SDK_REGION: 'cn-east-3',
      },
      SPECS,
    );
    expect(config.port).toBe(4100);
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxDepth: 8, maxNodeIds: 50 });
    expect(config.sources.map((s) => s.name)).toEqual([
      'north',
      'modelarts:cn-south-1',
      'token-one',
      'modelarts:cn-east-3',
    ]);
    expect(config.sources[0]).toStrictEqual({
      provider: 'MODELARTS',
      name: 'north',
      endpoint: 'https://modelarts.cn-north-4.myhuaweicloud.com',
      region: 'cn-north-4',
      project: 'p-north',
      auth: { type: 'aksk', ak: 'AK-NORTH', sk: 'sk-from-env-north', projectId: 'p-north', securityToken: undefined },
      timeoutMs: 10_000,
      concurrency: 2,
      retries: 2,
      options: undefined,
    });
    expect(config.sources[1]).toMatchObject({
      project: 'p-south-explicit',
      auth: { type: 'aksk', ak: 'AK-SOUTH', sk: 'sk-from-env-south' },
      timeoutMs: 3000,
      retries: 0,
      rateLimit: 5,
    });
    expect(config.sources[2]).toMatchObject({ region: '', project: '', auth: { type: 'token', token: 'tok-x' } });
    expect(config.sources[3]).toMatchObject({ region: 'cn-east-3', auth: { type: 'aksk', ak: AK, sk: SK } });
  });

  it('the same in YAML', () => {
    const yaml = file(
      'gateway.yaml',
      `# two regions of one account
port: 4200
sources:
  - provider: MODELARTS
    name: north
    endpoint: https://modelarts.cn-north-4.myhuaweicloud.com
    region: cn-north-4
    auth:
      type: aksk
      ak: AK-NORTH
      skEnv: HUAWEI_SK_NORTH
      projectId: p-north
  - provider: MODELARTS
    name: south
    endpoint: https://modelarts.cn-south-1.myhuaweicloud.com
    region: cn-south-1
    auth: { type: aksk, ak: AK-SOUTH, sk: inline-sk-south, projectId: p-south }
`,
    );
    const config = loadConfig({ ...env, IMAGE_GATEWAY_CONFIG: yaml }, SPECS);
    expect(config.port).toBe(4200);
    expect(config.sources.map((s) => [s.name, s.region, s.project, s.auth])).toEqual([
      [
        'north',
        'cn-north-4',
        'p-north',
        { type: 'aksk', ak: 'AK-NORTH', sk: 'sk-from-env-north', projectId: 'p-north', securityToken: undefined },
      ],
      [
        'south',
        'cn-south-1',
        'p-south',
        { type: 'aksk', ak: 'AK-SOUTH', sk: 'inline-sk-south', projectId: 'p-south', securityToken: undefined },
      ],
    ]);
  });

  const yamlSource = (auth: string, extra = '') =>
    `sources:\n  - provider: MODELARTS\n    endpoint: https://modelarts.cn-north-4.myhuaweicloud.com\n${extra}    auth: ${auth}\n`;

  it.each<[string, string, string]>([
    ['an unknown key in auth', yamlSource('{ type: aksk, ak: A, sk: S, bogus: 1 }'), 'sources[0].auth.bogus'],
    ['an unknown key in an instance', yamlSource('{ type: none }', '    regoin: cn-north-4\n'), 'sources[0].regoin'],
    ['an unknown top-level key', `sourcez: []\n${yamlSource('{ type: none }')}`, 'sourcez'],
    ['an unknown key in limits', `limits: { maxDepht: 3 }\n${yamlSource('{ type: none }')}`, 'limits.maxDepht'],
    ['an unknown auth type', yamlSource('{ type: oauth }'), 'sources[0].auth.type'],
    ['an unknown provider', 'sources:\n  - provider: AWS\n    endpoint: https://x.example\n', 'sources[0].provider'],
    ['a bad endpoint', 'sources:\n  - provider: MODELARTS\n    endpoint: not-a-url\n', 'sources[0].endpoint'],
    ['a bad concurrency', yamlSource('{ type: none }', '    concurrency: 0\n'), 'sources[0].concurrency'],
    ['a negative rate limit', yamlSource('{ type: none }', '    rateLimit: -1\n'), 'sources[0].rateLimit'],
    ['a fractional rate limit', yamlSource('{ type: none }', '    rateLimit: 2.5\n'), 'sources[0].rateLimit'],
    ['no sources', 'sources: []\n', 'sources'],
  ])('%s → ConfigError naming %s', (_name, text, key) => {
    const name = file('bad.yaml', text);
    const message = configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: name }, SPECS));
    expect(message).toContain(name);
    expect(message).toContain(key);
  });

  it.each<[string, string, Env, string]>([
    ['a missing sk', '{ type: aksk, ak: A }', {}, 'sources[0].auth.sk (or skEnv) is required'],
    [
      'skEnv naming an unset variable',
      '{ type: aksk, ak: A, skEnv: NOPE_SK }',
      {},
      'sources[0].auth.skEnv names NOPE_SK, which is not set',
    ],
    [
      'sk and skEnv together',
      '{ type: aksk, ak: A, sk: S, skEnv: X }',
      { X: 'x' },
      'sources[0].auth.sk and sources[0].auth.skEnv are exclusive',
    ],
    ['a token with no value', '{ type: token }', {}, 'sources[0].auth.token (or tokenEnv) is required'],
  ])('%s → ConfigError naming the key', (_name, auth, extraEnv, expected) => {
    const name = file('auth.yaml', yamlSource(auth));
    expect(configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: name, ...extraEnv }, SPECS))).toContain(expected);
  });

  it('two instances with one name → ConfigError', () => {
    const name = file(
      'dup.yaml',
      `sources:\n  - { provider: MODELARTS, name: a, endpoint: "https://x.example" }\n  - { provider: MODELARTS, name: a, endpoint: "https://y.example" }\n`,
    );
    expect(configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: name }, SPECS))).toContain('"a" is used twice');
  });

  it('a file that is not valid JSON/YAML → ConfigError, and the secret on the bad line is not echoed', () => {
    const json = file(
      'broken.json',
      `{"sources": [{"provider": "MODELARTS", "auth": {"type": "aksk", "sk": "json-secret-123456" }]`,
    );
    const jsonMessage = configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: json }, SPECS));
    expect(jsonMessage).toContain('not valid JSON: syntax error at position');
    expect(jsonMessage).not.toContain('json-secret-123456');
    const yaml = file(
      'broken.yaml',
      `sources:\n  - provider: MODELARTS\n    auth: { type: aksk, ak: A, sk: "yaml-secret-123456 }\n`,
    );
    const yamlMessage = configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: yaml }, SPECS));
    expect(yamlMessage).toMatch(/not valid YAML: MISSING_CHAR at line \d+, column \d+$/);
    const bare = file('bare.json', 'json-secret-bare-value');
    expect(configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: bare }, SPECS))).not.toContain(
      'json-secret-bare-value',
    );
    expect(yamlMessage).not.toContain('yaml-secret-123456');
  });

  it('an unreadable file → ConfigError naming it', () => {
    const missing = path.join(dir, 'does-not-exist.yaml');
    expect(configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: missing }, SPECS))).toContain(`cannot read ${missing}`);
  });

  it('a secret value is never part of a validation message', () => {
    const name = file('secret.yaml', yamlSource('{ type: aksk, ak: A, sk: inline-secret-value-987, bogus: 1 }'));
    expect(configError(() => loadConfig({ IMAGE_GATEWAY_CONFIG: name }, SPECS))).not.toContain(
      'inline-secret-value-987',
    );
  });
});
