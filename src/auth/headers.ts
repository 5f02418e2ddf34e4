// Where credentials are read from: HTTP request headers (Apollo's HeaderMap,
// a Fetch `Headers`, Node's lower-cased header object) or the payload of a
// graphql-ws `connection_init` (`{ authorization: "Bearer …" }`), whose keys
// may come in any case.

/** Headers, or anything header-shaped. */
export type HeadersLike = { get(name: string): string | null | undefined } | Readonly<Record<string, unknown>>;

/**
 * One header's value, by its lower-case name: undefined when absent, and when
 * it is not a string (a connection payload may hold anything).
 */
export function headerOf(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    const value: unknown = (headers as { get(name: string): unknown }).get(name);
    return typeof value === 'string' ? value : undefined;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
