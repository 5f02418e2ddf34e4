// A REST emulator's route table: method + path pattern → handler, so that a
// new operation is one handler and one line of its table. Patterns are written
// as the vendors' pages write paths, with `{name}` segments:
// `/v1/{project_id}/images/{id}`.
//
// Matching is per `/`-separated segment of the raw path, each segment
// percent-decoded first (one that does not decode stays as it arrived); a
// `{name}` segment matches any non-empty segment and reaches the handler
// decoded. One trailing `/` is ignored. The first matching line wins.

/** One line of a route table. */
export interface Route<H> {
  method: string;
  path: string;
  handler: H;
}

/** The line a request matched, with the values of its `{name}` segments. */
export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

export type Router<H> = (method: string, rawPath: string) => RouteMatch<H> | undefined;

const PARAMETER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export function routeTable<H>(routes: ReadonlyArray<Route<H>>): Router<H> {
  const compiled = routes.map((route) => ({
    method: route.method,
    handler: route.handler,
    segments: route.path.split('/').map((segment) => ({ literal: segment, parameter: PARAMETER.exec(segment)?.[1] })),
  }));
  return (method, rawPath) => {
    const segments = rawPath.split('/').map(decodeSegment);
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    for (const route of compiled) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((pattern, i) => {
        const segment = segments[i];
        if (pattern.parameter === undefined) return segment === pattern.literal;
        params[pattern.parameter] = segment;
        return segment !== '';
      });
      if (matches) return { handler: route.handler, params };
    }
    return undefined;
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
