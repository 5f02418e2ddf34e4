// Configuration, loaded once at start: 12-factor environment variables (the
// names the vendors' own SDKs read), and/or IMAGE_GATEWAY_CONFIG naming a file
// of source instances. A bad value stops the gateway with a message naming
// the key, never a surprise at the first request.
//
// Which variables configure a source, and which its credentials, is the
// business of the source's spec and of each credential kind; this file only
// combines them.

import { credentialKind, credentialsFromEnv, projectOfCredentials, type SourceAuth } from '../upstream/auth/index.js';
import { checkClientAuth, clientAuthFromEnv } from './client-auth.js';
import { httpUrl, intFromEnv, type Env } from './env.js';
import { ConfigError } from './errors.js';
import { readAuth, readConfigFile, type ConfigFile } from './file.js';
import { serverSettingsFromEnv } from './server.js';
import { stateSettingsFromEnv } from './state.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_WATCH,
  type GatewayConfig,
  type InstanceDefaults,
  type RequestLimits,
  type SourceConfigSpec,
  type SourceInstanceConfig,
  type WatchSettings,
} from './types.js';

/** What the loader needs of a registered source. */
export interface ConfigurableSource {
  readonly provider: string;
  readonly config: SourceConfigSpec<unknown>;
}

/** True when no endpoint or config file is configured, or the sandbox is forced. */
export function wantsSandbox(env: Env, sources: readonly ConfigurableSource[]): boolean {
  if (env.IMAGE_GATEWAY_SANDBOX === '1' || env.IMAGE_GATEWAY_SANDBOX === 'true') return true;
  return !env.IMAGE_GATEWAY_CONFIG && !sources.some((source) => env[source.config.endpointEnv]);
}

function defaultsFromEnv(env: Env): InstanceDefaults {
  return {
    timeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS', 10_000, 1, 600_000),
    concurrency: intFromEnv(env, 'IMAGE_GATEWAY_UPSTREAM_CONCURRENCY', 8, 1, 256),
    retries: intFromEnv(env, 'IMAGE_GATEWAY_UPSTREAM_RETRIES', 2, 0, 10),
  };
}

function limitsOf(env: Env, file: ConfigFile | undefined): RequestLimits {
  const limits = { ...DEFAULT_LIMITS, ...(file?.limits ?? {}) };
  limits.listCallBudget = intFromEnv(env, 'IMAGE_GATEWAY_LIST_CALL_BUDGET', limits.listCallBudget, 1, 10_000);
  limits.maxBodyBytes = intFromEnv(env, 'IMAGE_GATEWAY_MAX_BODY_BYTES', limits.maxBodyBytes, 1024, 64 * 1024 * 1024);
  return limits;
}

function watchOf(env: Env): WatchSettings {
  return {
    // At most the 10 s the backoff grows to (src/watch/backoff.ts).
    intervalMs: intFromEnv(env, 'IMAGE_GATEWAY_WATCH_INTERVAL_MS', DEFAULT_WATCH.intervalMs, 10, 10_000),
    maxImages: intFromEnv(env, 'IMAGE_GATEWAY_WATCH_MAX_IMAGES', DEFAULT_WATCH.maxImages, 1, 1_000_000),
    maxSubscriptionsPerConnection: intFromEnv(
      env,
      'IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS',
      DEFAULT_WATCH.maxSubscriptionsPerConnection,
      1,
      10_000,
    ),
  };
}

/** The instances a config file declares. */
function instancesFromFile(
  file: ConfigFile,
  fileName: string,
  env: Env,
  sources: readonly ConfigurableSource[],
  defaults: InstanceDefaults,
): SourceInstanceConfig[] {
  return file.sources.map((raw, index) => {
    const where = `sources[${index}]`;
    try {
      const source = sources.find((s) => s.provider === raw.provider);
      if (!source) {
        const known = sources.map((s) => s.provider).join(', ');
        throw new ConfigError(`${where}.provider: ${raw.provider} is not a registered source (known: ${known})`);
      }
      const auth = readAuth(raw.auth, env, `${where}.auth`);
      return {
        provider: source.provider,
        name: raw.name ?? `${source.provider.toLowerCase()}:${raw.region || index}`,
        endpoint: raw.endpoint.replace(/\/+$/, ''),
        region: raw.region,
        project: raw.project ?? projectOfCredentials(auth),
        auth,
        timeoutMs: raw.timeoutMs ?? defaults.timeoutMs,
        concurrency: raw.concurrency ?? defaults.concurrency,
        retries: raw.retries ?? defaults.retries,
        options: source.config.parseOptions(raw.options, (option) => `${where}.options.${option}`),
        ...(raw.tenants ? { tenants: raw.tenants } : {}),
        ...(raw.rateLimit !== undefined ? { rateLimit: raw.rateLimit } : {}),
      };
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`IMAGE_GATEWAY_CONFIG ${fileName}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * The credentials of the instance from the environment: the kind the source's
 * auth variable names (`IMS_AUTH=passthrough`), else the first of its kinds
 * whose variables are set.
 */
function authFromEnv(env: Env, spec: SourceConfigSpec<unknown>): SourceAuth {
  const named = spec.authEnv ? env[spec.authEnv]?.trim() : undefined;
  if (!spec.authEnv || !named) return credentialsFromEnv(env, spec.credentialsFromEnv);
  const kind = credentialKind(named);
  if (!kind) throw new ConfigError(`${spec.authEnv}: unknown credential type "${named}"`);
  const auth = kind.fromEnv(env);
  if (!auth) {
    throw new ConfigError(`${spec.authEnv}=${named} but none of its variables is set (${kind.envNames.join(', ')})`);
  }
  return auth;
}

/** The instance a source's own variables configure (`MODELARTS_ENDPOINT` and the credentials' names). */
function instanceFromEnv(env: Env, source: ConfigurableSource, defaults: InstanceDefaults): SourceInstanceConfig {
  const spec = source.config;
  const endpoint = httpUrl(env[spec.endpointEnv] ?? '', spec.endpointEnv);
  const auth = authFromEnv(env, spec);
  const { region, project } = spec.locateFromEnv(env, endpoint, auth);
  const optionEnv = spec.optionsFromEnv ?? {};
  const rawOptions: Record<string, unknown> = {};
  for (const [option, name] of Object.entries(optionEnv)) {
    if (env[name] !== undefined && env[name] !== '') rawOptions[option] = env[name];
  }
  return {
    provider: source.provider,
    name: `${source.provider.toLowerCase()}:${region || 'default'}`,
    endpoint,
    region,
    project,
    auth,
    ...defaults,
    options: spec.parseOptions(rawOptions, (option) => optionEnv[option] ?? option),
  };
}

export function loadConfig(
  env: Env,
  sources: readonly ConfigurableSource[],
  options: { sandbox?: boolean } = {},
): GatewayConfig {
  const defaults = defaultsFromEnv(env);
  const fileName = env.IMAGE_GATEWAY_CONFIG;
  const file = fileName ? readConfigFile(fileName) : undefined;
  const instances = file && fileName ? instancesFromFile(file, fileName, env, sources, defaults) : [];
  // Env-configured instances join those of the file.
  for (const source of sources) {
    if (env[source.config.endpointEnv]) instances.push(instanceFromEnv(env, source, defaults));
  }
  const names = new Set<string>();
  for (const instance of instances) {
    if (names.has(instance.name)) throw new ConfigError(`source name "${instance.name}" is used twice`);
    names.add(instance.name);
  }
  const host = env.HOST || file?.host || '127.0.0.1';
  const clientAuth = clientAuthFromEnv(env);
  checkClientAuth(clientAuth, host, instances);
  const port =
    env.PORT !== undefined && env.PORT !== '' ? intFromEnv(env, 'PORT', 4000, 0, 65535) : (file?.port ?? 4000);
  return {
    host,
    port,
    sandbox: options.sandbox ?? false,
    logLevel: env.LOG_LEVEL || 'info',
    limits: limitsOf(env, file),
    server: serverSettingsFromEnv(env),
    watch: watchOf(env),
    clientAuth,
    sources: instances,
    ...operationsFromEnv(env, port),
    state: stateSettingsFromEnv(env),
  };
}

/** Metrics port, drain and request deadline. */
function operationsFromEnv(
  env: Env,
  port: number,
): Pick<GatewayConfig, 'metricsPort' | 'shutdownTimeoutMs' | 'requestTimeoutMs'> {
  const rawMetricsPort = env.IMAGE_GATEWAY_METRICS_PORT;
  const metricsPort =
    rawMetricsPort === undefined || rawMetricsPort === ''
      ? null
      : intFromEnv(env, 'IMAGE_GATEWAY_METRICS_PORT', 0, 0, 65535);
  // 0 is "any free port" for either, so only two fixed ports can clash.
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError(`IMAGE_GATEWAY_METRICS_PORT must differ from PORT (both are ${port})`);
  }
  return {
    metricsPort,
    shutdownTimeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    requestTimeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_REQUEST_TIMEOUT_MS', 15_000, 1, 600_000),
  };
}
