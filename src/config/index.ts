// Configuration: what others may use. See ./load.ts for how it is read.

export { ConfigError } from './errors.js';
export { httpUrl, parseBoolean, parseInteger, regionFromEndpoint, type Env } from './env.js';
export { isLoopbackHost } from './client-auth.js';
export { loadConfig, wantsSandbox } from './load.js';
export { noOptions, refuseUnknownOptions } from './options.js';
export { DEFAULT_SERVER_SETTINGS, type ServerSettings } from './server.js';
export { DEFAULT_STATE, type StateSettings } from './state.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_WATCH,
  type ApiKeyConfig,
  type ClientAuthConfig,
  type ClientAuthMethod,
  type GatewayConfig,
  type JwtConfig,
  type InstanceDefaults,
  type RequestLimits,
  type SourceConfigSpec,
  type SourceInstanceConfig,
  type WatchSettings,
} from './types.js';
