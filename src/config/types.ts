// The gateway's configuration, as validated at start (./load.ts builds it).

import type { SourceAuth } from '../upstream/auth/index.js';
import type { Env } from './env.js';

/** One configured instance of a source: one endpoint, one account, one region. */
export interface SourceInstanceConfig<Options = unknown> {
  /** The registered source it belongs to (its `ImageProvider` value). */
  provider: string;
  /** Unique label for logs and errors, e.g. `modelarts:cn-north-4`. */
  name: string;
  /** Base URL of the API, without trailing slashes. */
  endpoint: string;
  /** '' when unknown. */
  region: string;
  /** Project or account the instance reads; '' when unknown. */
  project: string;
  auth: SourceAuth;
  /** Time budget of one upstream call, ms. */
  timeoutMs: number;
  /** Upstream calls in flight at once from one GraphQL request to this instance. */
  concurrency: number;
  /** Extra attempts for idempotent reads after a transient failure. */
  retries: number;
  /** The source's own settings, as its `parseOptions` returned them. */
  options: Options;
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
  /** Most upstream calls one `images` field may spend, every page and per-image lookup counted. */
  listCallBudget: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxBodyBytes: 256 * 1024,
  maxDepth: 12,
  maxFields: 10_000,
  maxNodeIds: 500,
  maxPageSize: 200,
  listCallBudget: 50,
};

export interface GatewayConfig {
  host: string;
  port: number;
  /** True when the gateway runs against its embedded sandbox. */
  sandbox: boolean;
  logLevel: string;
  limits: RequestLimits;
  sources: SourceInstanceConfig[];
  /** Where `/metrics` (and the probes, again) are served on their own (IMAGE_GATEWAY_METRICS_PORT); null: on `port`. */
  metricsPort: number | null;
  /** How long a drain waits for in-flight requests before cutting them, ms (IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** The most one GraphQL request may take, every upstream call and wait included, ms (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
}

/** What every instance gets unless it says otherwise. */
export interface InstanceDefaults {
  timeoutMs: number;
  concurrency: number;
  retries: number;
}

/** Where an env-configured instance is: its region and the project or account it reads. */
export interface InstanceLocation {
  region: string;
  project: string;
}

/** What a source module contributes to configuration. */
export interface SourceConfigSpec<Options> {
  /** The env var holding the source's endpoint; unset means no instance from the environment. */
  readonly endpointEnv: string;
  /** Credential kinds (`aksk`, `keystone`, …) an instance from the environment may use, most preferred first. */
  readonly credentialsFromEnv: readonly string[];
  /** Option name → the env var an instance from the environment reads it from. */
  readonly optionsFromEnv?: Readonly<Record<string, string>>;
  /** The region and project of the instance from the environment. */
  locateFromEnv(env: Env, endpoint: string, auth: SourceAuth): InstanceLocation;
  /**
   * Validates an instance's options (the file's `options`, or what was read
   * through `optionsFromEnv`) and fills in defaults. `nameOf(option)` is how a
   * message names the option: `IMS_BATCH_SIZE`, or `sources[1].options.batchSize`.
   */
  parseOptions(raw: Readonly<Record<string, unknown>>, nameOf: (option: string) => string): Options;
}
