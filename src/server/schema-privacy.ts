// In production (NODE_ENV=production), request errors teach nothing about
// the schema the request did not already name. graphql-js's messages for a
// document that fails validation or variables that fail coercion suggest
// names ("Did you mean "region"?", "…the enum value "IMS"?") and name types,
// arguments and input fields the client never wrote ("argument "id" of type
// "ID!" is required"): with introspection off, that is how tools rebuild a
// schema one guess at a time. Here:
//
// - every suggestion ("Did you mean …?") is dropped;
// - every quoted name the request did not write (in its document, operation
//   name or variables) becomes "[hidden]": the message still says what kind
//   of mistake it is, and where (locations are kept).
//
// Errors with a path are field errors from resolvers, whose messages the
// gateway wrote on purpose: they pass as they are. graphql-armor's own
// blockFieldSuggestion is not used: it strips only `Did you mean "…"` (not
// graphql-js's enum-value form) and it is a plugin, while the gateway wires
// only armor's validation rules (limits.ts). The operation pipeline
// (operation.ts) applies it to both transports' answers.

const SUGGESTION = /\s*Did you mean [^?]*\?/g;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const NAME = /[_A-Za-z][_0-9A-Za-z]*/g;

/** The names a request wrote: in its document, operation name and variables. */
export function namesWritten(texts: readonly string[]): Set<string> {
  return new Set(texts.join(' ').match(NAME) ?? []);
}

/** A message with its suggestions removed and every quoted name outside `written` hidden. */
export function withoutSchemaDetails(message: string, written: ReadonlySet<string>): string {
  return message.replace(SUGGESTION, '').replace(QUOTED, (quoted, inner: string) => {
    const names = inner.match(NAME) ?? [];
    return names.every((name) => written.has(name)) ? quoted : '"[hidden]"';
  });
}
