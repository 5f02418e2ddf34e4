// Configuration: 12-factor environment variables (the names the vendors' own
// SDKs read), or IMAGE_GATEWAY_CONFIG naming a JSON/YAML file that declares any
// number of source instances (several accounts and regions per source).
//
// Everything is validated here, once, at start: a bad value stops the gateway
// with a message naming the key, never a surprise at the first request.
// Which environment variables configure a source is the source's own business
// (its `configFromEnv`); this file knows the shared shapes only.

import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROVIDERS, type Provider } from './ids.js';

export type Env = Record<string, string | undefined>;

/** Huawei API Gateway AK/SK signing (SDK-HMAC-SHA256). */
export interface AkSkAuth {
  type: 'aksk';
  ak: string;
  sk: string;
  /** Sent as X-Project-Id and filled into `{project_id}` paths. */
  projectId?: string;
  /** Temporary AK/SK: sent as X-Security-Token. */
  securityToken?: string;
}
/** A ready-made IAM/Keystone token sent as X-Auth-Token. */
export interface TokenAuth {
  type: 'token';
  token: string;
}
/** OpenStack Keystone v3 password auth; the token is fetched and refreshed by the gateway. */
export interface KeystoneAuth {
  type: 'keystone';
  authUrl: string;
  username: string;
  password: string;
  userDomainName: string;
  projectName?: string;
  projectId?: string;
  projectDomainName: string;
}
/** Alibaba Cloud AccessKey (V3 ACS3-HMAC-SHA256 signing), with an optional STS token. */
export interface AlibabaAuth {
  type: 'alibaba';
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}
export interface NoAuth {
  type: 'none';
}
export type SourceAuth = AkSkAuth | TokenAuth | KeystoneAuth | AlibabaAuth | NoAuth;

/** One configured instance of a source: one endpoint, one account, one region. */
export interface SourceInstanceConfig {
  provider: Provider;
  /** Unique label for logs and errors, e.g. `modelarts:cn-north-4`. */
  name: string;
  /** Base URL of the API. */
  endpoint: string;
  /** '' when unknown. */
  region: string;
  /** Project id (Huawei) or account (Alibaba) the instance reads; '' when unknown. */
  project: string;
  auth: SourceAuth;
  /** Timeout of one upstream call, ms. */
  timeoutMs: number;
  /** Upstream calls in flight at once from one GraphQL request to this instance. */
  concurrency: number;
  /** Extra attempts for idempotent reads after a transient failure. */
  retries: number;
  /** Source-specific settings (e.g. IMS `batchById`), validated by the source. */
  options: Record<string, unknown>;
}

/** Guards against abusive documents, checked before execution. */
export interface RequestLimits {
  /** Largest accepted request body, bytes. */
  maxBodyBytes: number;
  /** Deepest selection nesting. */
  maxDepth: number;
  /** Most field selections (aliases included) in one document. */
  maxFields: number;
  /** Most ids in one `nodes` call. */
  maxNodeIds: number;
  /** Largest `first` of a connection. */
  maxPageSize: number;
}

export interface GatewayConfig {
  host: string;
  port: number;
  /** True when the gateway runs against its embedded sandbox. */
  sandbox: boolean;
  logLevel: string;
  limits: RequestLimits;
  sources: SourceInstanceConfig[];
}

/** Thrown for any invalid configuration; the message names the key at fault. */
export class ConfigError extends Error {}

/** What a source module contributes to configuration. */
export interface SourceConfigSpec {
  provider: Provider;
  /** The env var holding the source's endpoint; unset means the source is off (without a config file). */
  endpointEnv: string;
  /** Reads the instance from env when `endpointEnv` is set. */
  configFromEnv(env: Env, base: InstanceDefaults): SourceInstanceConfig;
  /** Validates `options` of an instance (env or file); returns them with defaults filled in. */
  parseOptions?(options: Record<string, unknown>, where: string): Record<string, unknown>;
}

export interface InstanceDefaults {
  timeoutMs: number;
  concurrency: number;
  retries: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxBodyBytes: 256 * 1024,
  maxDepth: 12,
  maxFields: 10_000,
  maxNodeIds: 500,
  maxPageSize: 200,
};

// ---------------------------------------------------------------------------
// Environment helpers shared by the sources' `configFromEnv`.

export function intFromEnv(env: Env, key: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  // Decimal digits only: Number() would also take " ", "0x50" or "1e3".
  const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function urlFromEnv(env: Env, key: string): string {
  const raw = env[key]!;
  return checkUrl(raw, key);
}

function checkUrl(raw: string, where: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${where} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${where} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** Huawei credentials from the SDK's env names: AK/SK, a token, or Keystone password auth. */
export function huaweiAuthFromEnv(env: Env, prefer: 'aksk' | 'keystone'): SourceAuth {
  const aksk = (): SourceAuth | undefined => {
    if (!env.HUAWEICLOUD_SDK_AK && !env.HUAWEICLOUD_SDK_SK) return undefined;
    if (!env.HUAWEICLOUD_SDK_AK || !env.HUAWEICLOUD_SDK_SK) {
      throw new ConfigError('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must be set together');
    }
    return {
      type: 'aksk',
      ak: env.HUAWEICLOUD_SDK_AK,
      sk: env.HUAWEICLOUD_SDK_SK,
      projectId: env.HUAWEICLOUD_SDK_PROJECT_ID || undefined,
      securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN || undefined,
    };
  };
  const token = (): SourceAuth | undefined =>
    env.HUAWEICLOUD_AUTH_TOKEN ? { type: 'token', token: env.HUAWEICLOUD_AUTH_TOKEN } : undefined;
  const keystone = (): SourceAuth | undefined => {
    if (!env.OS_AUTH_URL) return undefined;
    for (const key of ['OS_USERNAME', 'OS_PASSWORD'] as const) {
      if (!env[key]) throw new ConfigError(`${key} must be set with OS_AUTH_URL`);
    }
    if (!env.OS_PROJECT_NAME && !env.OS_PROJECT_ID) {
      throw new ConfigError('OS_PROJECT_NAME or OS_PROJECT_ID must be set with OS_AUTH_URL');
    }
    return {
      type: 'keystone',
      authUrl: checkUrl(env.OS_AUTH_URL, 'OS_AUTH_URL'),
      username: env.OS_USERNAME!,
      password: env.OS_PASSWORD!,
      userDomainName: env.OS_USER_DOMAIN_NAME || 'Default',
      projectName: env.OS_PROJECT_NAME || undefined,
      projectId: env.OS_PROJECT_ID || undefined,
      projectDomainName: env.OS_PROJECT_DOMAIN_NAME || 'Default',
    };
  };
  const order = prefer === 'keystone' ? [keystone, token, aksk] : [aksk, token, keystone];
  for (const candidate of order) {
    const auth = candidate();
    if (auth) return auth;
  }
  return { type: 'none' };
}

/** Alibaba credentials from the names `@alicloud/credentials` reads. */
export function alibabaAuthFromEnv(env: Env): SourceAuth {
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!id && !secret) return { type: 'none' };
  if (!id || !secret) {
    throw new ConfigError('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set together');
  }
  return {
    type: 'alibaba',
    accessKeyId: id,
    accessKeySecret: secret,
    securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined,
  };
}

/** The region in a vendor host name such as `modelarts.cn-north-4.myhuaweicloud.com`; '' when none. */
export function regionFromEndpoint(endpoint: string, service: string): string {
  const host = new URL(endpoint).hostname;
  const match = new RegExp(`^${service}\\.([a-z0-9-]+)\\.`).exec(host);
  return match?.[1] ?? '';
}

// ---------------------------------------------------------------------------
// The config file (IMAGE_GATEWAY_CONFIG).

// A secret in the file is either the value itself (`sk: …`) or the name of an
// env var holding it (`skEnv: HUAWEI_SK`), so files can be committed without secrets.
const secretValue = z.string().min(1).optional();

const authSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('aksk'),
      projectId: z.string().optional(),
      ak: secretValue,
      akEnv: secretValue,
      sk: secretValue,
      skEnv: secretValue,
      securityToken: secretValue,
      securityTokenEnv: secretValue,
    })
    .strict(),
  z.object({ type: z.literal('token'), token: secretValue, tokenEnv: secretValue }).strict(),
  z
    .object({
      type: z.literal('keystone'),
      authUrl: z.url(),
      username: z.string().min(1),
      password: secretValue,
      passwordEnv: secretValue,
      userDomainName: z.string().default('Default'),
      projectName: z.string().optional(),
      projectId: z.string().optional(),
      projectDomainName: z.string().default('Default'),
    })
    .strict(),
  z
    .object({
      type: z.literal('alibaba'),
      accessKeyId: secretValue,
      accessKeyIdEnv: secretValue,
      accessKeySecret: secretValue,
      accessKeySecretEnv: secretValue,
      securityToken: secretValue,
      securityTokenEnv: secretValue,
    })
    .strict(),
  z.object({ type: z.literal('none') }).strict(),
]);

const instanceSchema = z
  .object({
    provider: z.enum(PROVIDERS),
    name: z.string().min(1).optional(),
    endpoint: z.url(),
    region: z.string().default(''),
    project: z.string().optional(),
    auth: authSchema.default({ type: 'none' }),
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const fileSchema = z
  .object({
    host: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    limits: z
      .object({
        maxBodyBytes: z.number().int().min(1024),
        maxDepth: z.number().int().min(2),
        maxFields: z.number().int().min(1),
        maxNodeIds: z.number().int().min(1),
        maxPageSize: z.number().int().min(1),
      })
      .partial()
      .strict()
      .optional(),
    sources: z.array(instanceSchema).min(1),
  })
  .strict();

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  // An unknown key is named by its own path (`sources[0].auth.bogus`), the way a person searches the file.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${`${path}.${key}`.replace(/^\./, '')}: unknown key`).join('; ');
  }
  return `${path.replace(/^\./, '') || '(root)'}: ${issue.message}`;
}

/**
 * Where a JSON/YAML syntax error is, without the parser's excerpt of the
 * file: the offending line may hold a secret (`sk: "…`), and this message is logged.
 */
function syntaxErrorWhere(error: unknown): string {
  const e = error as { linePos?: Array<{ line: number; col: number }>; code?: string; message?: string };
  if (e.linePos?.[0]) return `${e.code ?? 'syntax error'} at line ${e.linePos[0].line}, column ${e.linePos[0].col}`;
  const at = /position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(e.message ?? '');
  if (at) return at[2] ? `syntax error at line ${at[2]}, column ${at[3]}` : `syntax error at position ${at[1]}`;
  return 'syntax error';
}

function readSecret(raw: Record<string, unknown>, name: string, env: Env, where: string, required: boolean) {
  const direct = raw[name] as string | undefined;
  const envName = raw[`${name}Env`] as string | undefined;
  if (direct !== undefined && envName !== undefined) {
    throw new ConfigError(`${where}.${name} and ${where}.${name}Env are exclusive`);
  }
  if (envName !== undefined) {
    const value = env[envName];
    if (!value) throw new ConfigError(`${where}.${name}Env names ${envName}, which is not set`);
    return value;
  }
  if (required && !direct) throw new ConfigError(`${where}.${name} (or ${name}Env) is required`);
  return direct || undefined;
}

function authFromFile(raw: z.infer<typeof authSchema>, env: Env, where: string): SourceAuth {
  const r = raw as Record<string, unknown>;
  switch (raw.type) {
    case 'aksk':
      return {
        type: 'aksk',
        ak: readSecret(r, 'ak', env, where, true)!,
        sk: readSecret(r, 'sk', env, where, true)!,
        projectId: raw.projectId,
        securityToken: readSecret(r, 'securityToken', env, where, false),
      };
    case 'token':
      return { type: 'token', token: readSecret(r, 'token', env, where, true)! };
    case 'keystone':
      if (!raw.projectName && !raw.projectId)
        throw new ConfigError(`${where}.projectName or ${where}.projectId is required`);
      return {
        type: 'keystone',
        authUrl: raw.authUrl.replace(/\/+$/, ''),
        username: raw.username,
        password: readSecret(r, 'password', env, where, true)!,
        userDomainName: raw.userDomainName,
        projectName: raw.projectName,
        projectId: raw.projectId,
        projectDomainName: raw.projectDomainName,
      };
    case 'alibaba':
      return {
        type: 'alibaba',
        accessKeyId: readSecret(r, 'accessKeyId', env, where, true)!,
        accessKeySecret: readSecret(r, 'accessKeySecret', env, where, true)!,
        securityToken: readSecret(r, 'securityToken', env, where, false),
      };
    case 'none':
      return { type: 'none' };
  }
}

function projectOf(auth: SourceAuth): string {
  if (auth.type === 'aksk') return auth.projectId ?? '';
  if (auth.type === 'keystone') return auth.projectId ?? auth.projectName ?? '';
  // An Alibaba AccessKey id is not an account name, and ids must not carry credentials.
  return '';
}

export function parseConfigFile(text: string, fileName: string): z.infer<typeof fileSchema> {
  let data: unknown;
  try {
    data = /\.json$/i.test(fileName) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `IMAGE_GATEWAY_CONFIG ${fileName}: not valid ${/\.json$/i.test(fileName) ? 'JSON' : 'YAML'}: ${syntaxErrorWhere(error)}`,
    );
  }
  const result = fileSchema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(`IMAGE_GATEWAY_CONFIG ${fileName}: ${result.error.issues.map(describeIssue).join('; ')}`);
  }
  return result.data;
}

// ---------------------------------------------------------------------------

/** True when no endpoint or config file is configured, or the sandbox is forced. */
export function wantsSandbox(env: Env, specs: readonly SourceConfigSpec[]): boolean {
  if (env.IMAGE_GATEWAY_SANDBOX === '1' || env.IMAGE_GATEWAY_SANDBOX === 'true') return true;
  return !env.IMAGE_GATEWAY_CONFIG && !specs.some((spec) => env[spec.endpointEnv]);
}

export function loadConfig(
  env: Env,
  specs: readonly SourceConfigSpec[],
  options: { sandbox?: boolean } = {},
): GatewayConfig {
  const defaults: InstanceDefaults = {
    timeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS', 10_000, 1, 600_000),
    concurrency: intFromEnv(env, 'IMAGE_GATEWAY_UPSTREAM_CONCURRENCY', 8, 1, 256),
    retries: intFromEnv(env, 'IMAGE_GATEWAY_UPSTREAM_RETRIES', 2, 0, 10),
  };
  const specOf = (provider: Provider) => specs.find((spec) => spec.provider === provider);
  const sources: SourceInstanceConfig[] = [];
  let file: z.infer<typeof fileSchema> | undefined;

  if (env.IMAGE_GATEWAY_CONFIG) {
    let text: string;
    try {
      text = fs.readFileSync(env.IMAGE_GATEWAY_CONFIG, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `IMAGE_GATEWAY_CONFIG: cannot read ${env.IMAGE_GATEWAY_CONFIG}: ${(error as Error).message}`,
      );
    }
    file = parseConfigFile(text, env.IMAGE_GATEWAY_CONFIG);
    file.sources.forEach((raw, index) => {
      const where = `sources[${index}]`;
      const spec = specOf(raw.provider);
      if (!spec) throw new ConfigError(`${where}.provider: ${raw.provider} is not a registered source`);
      const auth = authFromFile(raw.auth, env, `${where}.auth`);
      sources.push({
        provider: raw.provider,
        name: raw.name ?? `${raw.provider.toLowerCase()}:${raw.region || index}`,
        endpoint: raw.endpoint.replace(/\/+$/, ''),
        region: raw.region,
        project: raw.project ?? projectOf(auth),
        auth,
        timeoutMs: raw.timeoutMs ?? defaults.timeoutMs,
        concurrency: raw.concurrency ?? defaults.concurrency,
        retries: raw.retries ?? defaults.retries,
        options: spec.parseOptions ? spec.parseOptions(raw.options, `${where}.options`) : raw.options,
      });
    });
  }
  // Env-configured instances join those of the file.
  for (const spec of specs) {
    if (!env[spec.endpointEnv]) continue;
    const instance = spec.configFromEnv(env, defaults);
    if (spec.parseOptions) instance.options = spec.parseOptions(instance.options, spec.endpointEnv);
    sources.push(instance);
  }
  const names = new Set<string>();
  for (const instance of sources) {
    if (names.has(instance.name)) throw new ConfigError(`source name "${instance.name}" is used twice`);
    names.add(instance.name);
  }

  return {
    host: env.HOST || file?.host || '127.0.0.1',
    port: env.PORT !== undefined && env.PORT !== '' ? intFromEnv(env, 'PORT', 4000, 0, 65535) : (file?.port ?? 4000),
    sandbox: options.sandbox ?? false,
    logLevel: env.LOG_LEVEL || 'info',
    limits: { ...DEFAULT_LIMITS, ...(file?.limits ?? {}) },
    sources,
  };
}
