// Cross-site request forgery: which requests a browser could send from
// another site's page without asking our CORS policy first.
//
// A browser skips the CORS preflight only for a "simple" request: GET, HEAD
// or POST, with no Content-Type or one of the three CORS-safelisted ones
// (text/plain, application/x-www-form-urlencoded, multipart/form-data), and
// no header a script set. Such a POST is refused here, before its body is
// read as GraphQL: it could run a mutation in the name of whoever the browser
// is, and timing its answer would tell the page something. A JSON POST is
// always preflighted, so it is never refused.
//
// A GET is not refused, unlike Apollo's own csrfPrevention (off in apollo.ts)
// which demands `apollo-require-preflight` or `x-apollo-operation-name` on
// every GET. A GET cannot mutate: Apollo answers a mutation over GET with 405
// whatever the CSRF setting, before resolving anything, so the only risk the
// header guarded against, a GET reaching a mutation, stays refused. A query
// is read-only, the same-origin policy keeps the other site from reading the
// answer, and the gateway knows its callers by headers a cross-site page
// cannot attach without a preflight (Authorization, X-Auth-Token, an API
// key), never by cookies. So GET queries need no extra header, as the GraphQL
// over HTTP spec expects (graphql-http's audits 5A70, D6D5, 6A70).

/** Headers that only a script can set, and so force a preflight (Apollo's list). */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export const CSRF_REFUSAL =
  'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). ' +
  `Please either specify a 'content-type' header (with a type that is not one of ${SIMPLE_CONTENT_TYPES.join(', ')}) ` +
  `or provide a non-empty value for one of the following headers: ${PREFLIGHT_HEADERS.join(', ')}`;

/**
 * True when a request to the GraphQL endpoint could have come from another
 * site's page without a preflight and must not run: a non-GET request whose
 * Content-Type is missing or CORS-safelisted, carrying no preflight header.
 */
export function mayBeCrossSiteForgery(method: string, header: (name: string) => string | undefined): boolean {
  if (method === 'GET') return false;
  const contentType = header('content-type');
  // Browsers compare the MIME essence, case-insensitively, parameters and surrounding whitespace aside.
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  if (essence !== undefined && essence !== '' && !SIMPLE_CONTENT_TYPES.includes(essence)) return false;
  return !PREFLIGHT_HEADERS.some((name) => (header(name) ?? '') !== '');
}
