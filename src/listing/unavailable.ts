// A source instance the listing could not read. The listing returns these
// with its page (`ImageConnection.unavailableSources`) instead of failing:
// the other sources' images still come back, and the data says which are
// missing, and why. Standalone clients have always had the same failures as
// GraphQL errors on the `images` path (`unavailableSourceErrors`); a
// federation router may drop a subgraph's errors beside data, never its data.

import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context-types.js';
import { ErrorCode, type GatewayError } from '../errors.js';
import type { ImageProvider } from '../generated/graphql.js';
import { RequestSecrets } from '../request-secrets.js';
import type { SourceInstance } from '../sources/index.js';
import { secretsOf } from '../upstream/auth/index.js';

/** What `unavailableSources` shows of one failing source, and what its GraphQL error carries. */
export interface UnavailableSource {
  provider: ImageProvider;
  /** The instance's configured name. */
  source: string;
  region: string | null;
  /** The error's `extensions.code`. */
  code: string;
  message: string;
  /** The error's extensions (vendorCode, requestId, upstreamStatus, …) with provider, region and source. */
  extensions: Record<string, unknown>;
}

/** The failure of `instance` while the listing read it (`error` undefined: not one of the gateway's own errors). */
export function unavailableSource(
  context: GatewayContext,
  instance: SourceInstance,
  error: GatewayError | undefined,
): UnavailableSource {
  const { provider, region, name, auth } = instance.config;
  const code = error?.details.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
  context.logger.warn({ source: name, code }, 'source failed during images listing');
  const label = `${provider} (${region || 'default region'}) failed`;
  // The message is data now, not only an error that formatError scrubs: an
  // upstream's words may quote the caller's credential or the instance's own.
  const instanceSecrets = new RequestSecrets(secretsOf(auth));
  const message = instanceSecrets.scrub(context.requestSecrets.scrub(error ? `${label}: ${error.message}` : label));
  return {
    // A registered provider's value (the registry built this instance from its module).
    provider: provider as ImageProvider,
    source: name,
    region: region || null,
    code,
    message,
    extensions: { ...(error ? error.extensions : { code }), provider, region: region || undefined, source: name },
  };
}

/** The GraphQL errors of these failures, one per source, at the path of the `images` field that met them. */
export function unavailableSourceErrors(
  unavailable: readonly UnavailableSource[],
  path: ReadonlyArray<string | number>,
): GraphQLFormattedError[] {
  return unavailable.map(({ message, extensions }) => ({ message, path, extensions }));
}
