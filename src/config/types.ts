// The gateway's configuration, as validated at start (./load.ts builds it).

import type { SourceAuth } from '../upstream/auth/index.js';
import type { Env } from './env.js';
import type { ServerSettings } from './server.js';
import type { StateSettings } from './state.js';

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
  /**
   * The tenants whose callers may use it (IMAGE_GATEWAY_CONFIG's `tenants`);
   * absent: every caller may. To any other caller it does not exist.
   */
  tenants?: readonly string[];
  /**
   * Upstream calls a second to this instance (IMAGE_GATEWAY_CONFIG's
   * `rateLimit`: each vendor's quota is its own); 0: none; absent:
   * IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT.
   */
  rateLimit?: number;
}

/** Guards against abusive documents, checked before execution. */
export interface RequestLimits {
  /** Largest accepted request body, bytes. */
  maxBodyBytes: number;
  /** Deepest selection nesting (at most 200: the pre-parse guard allows twice this many braces). */
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

/** Live status: how `Subscription.imageChanged` polls, and how much of it one gateway serves. */
export interface WatchSettings {
  /** Delay before the second poll of a watched image, ms; doubled while nothing changes (up to 10 s). */
  intervalMs: number;
  /** Most distinct images the gateway watches at once (one upstream poller each). */
  maxImages: number;
  /** Most operations in flight on one WebSocket connection (subscriptions included). */
  maxSubscriptionsPerConnection: number;
}

export const DEFAULT_WATCH: WatchSettings = {
  intervalMs: 1000,
  maxImages: 1000,
  maxSubscriptionsPerConnection: 20,
};

export interface GatewayConfig {
  host: string;
  port: number;
  /** True when the gateway runs against its embedded sandbox. */
  sandbox: boolean;
  logLevel: string;
  limits: RequestLimits;
  server: ServerSettings;
  watch: WatchSettings;
  /** Who may call the gateway (IMAGE_GATEWAY_AUTH and the variables of its methods). */
  clientAuth: ClientAuthConfig;
  sources: SourceInstanceConfig[];
  /** Where `/metrics` (and the probes, again) are served on their own (IMAGE_GATEWAY_METRICS_PORT); null: on `port`. */
  metricsPort: number | null;
  /** How long a drain waits for in-flight requests before cutting them, ms (IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** The most one GraphQL request may take, every upstream call and wait included, ms (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Shared state, cache, leases, rate limits, workers (README, Many replicas); absent: the defaults (in-process, no cache, no limit). */
  state?: StateSettings;
}

/** A way callers authenticate to the gateway. */
export type ClientAuthMethod = 'jwt' | 'apikey';

/** How callers of the gateway authenticate. */
export interface ClientAuthConfig {
  /** The accepted methods; none: every caller is anonymous and may do everything. */
  methods: readonly ClientAuthMethod[];
  /** Whether IMAGE_GATEWAY_AUTH was set at all (unset is only allowed on a loopback address). */
  explicit: boolean;
  /** With `jwt`. */
  jwt?: JwtConfig;
  /** With `apikey`: the keys of IMAGE_GATEWAY_API_KEYS_FILE. */
  apiKeys?: readonly ApiKeyConfig[];
}

/** Bearer JWTs: whose, for whom, and where their keys are. */
export interface JwtConfig {
  /** `iss` must equal it (IMAGE_GATEWAY_JWT_ISSUER). */
  issuer: string;
  /** `aud` must contain one of them (IMAGE_GATEWAY_JWT_AUDIENCE, comma-separated). */
  audiences: readonly string[];
  /** The JWKS (IMAGE_GATEWAY_JWT_JWKS_URL); absent: the `jwks_uri` of the issuer's OpenID discovery document. */
  jwksUrl?: string;
  /** The claim holding a caller's tenants, a string or an array (IMAGE_GATEWAY_TENANT_CLAIM). */
  tenantClaim?: string;
}

/** One API key, as the keys file declares it: never the key itself. */
export interface ApiKeyConfig {
  /** Who the key's caller is, in logs. */
  name: string;
  /** The SHA-256 of the key, 64 lower-case hexadecimal characters. */
  sha256: string;
  scopes: readonly string[];
  tenants: readonly string[];
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
  /**
   * The env var that names the credential kind of the instance from the
   * environment (`MODELARTS_AUTH=passthrough`), overriding the preference
   * order of `credentialsFromEnv`; absent: the source has none.
   */
  readonly authEnv?: string;
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
