// The upstream side: what sources may use to talk to a cloud API.

export {
  badResponseError,
  headerValue,
  parseJsonBody,
  retryAfterSeconds,
  UpstreamClient,
  type Authenticator,
  type OutgoingRequest,
  type PacerSlot,
  type UpstreamCall,
  type UpstreamPacer,
  type UpstreamResponse,
} from './http-client.js';
export { upstreamClientFor, type UpstreamWatch } from './instance-client.js';
export { buildPath, encodePathSegment, encodeRfc3986, type QueryParams } from './paths.js';
export type { CallScope } from './scope.js';
export type { BreakerState } from './breaker.js';
export type { PacingInfo, UpstreamObserver } from './observer.js';
