// What the gateway learns of one HTTP request while serving it: who asked
// (request id, caller), which GraphQL operation it was, how many upstream
// attempts it made, and how it ended. Written once, when the response ends,
// as one access-log line, the request metrics and the end of its span
// (telemetry.ts). Resolvers never see it; the context and the operation
// pipeline (src/server/operation.ts) fill it in.

import { randomUUID } from 'node:crypto';
import type { OperationSpan } from './tracing.js';

/** The GraphQL side of a request, as the Apollo plugin saw it. */
export interface GraphQLPart {
  /** null: an anonymous operation; undefined: not resolved (parse or validation failed). */
  operationName?: string | null;
  operationType?: string;
  /** `extensions.code` of each error in the response. */
  errorCodes: string[];
  /** The response had data (then errors make it partial). */
  hasData: boolean;
}

export class RequestObservation {
  /** performance.now() when the request arrived. */
  readonly startedAt = performance.now();
  /** Upstream attempts made for the request (a retry is another). */
  upstreamCalls = 0;
  /** Who called, once client authentication says (src/server/operation.ts). */
  caller: string | undefined;
  /** Set once Apollo runs a GraphQL request (GraphiQL's page and assets never set it). */
  graphql: GraphQLPart | undefined;

  constructor(
    readonly requestId: string = randomUUID(),
    /** The request's span, when it is a GraphQL request. */
    readonly span?: OperationSpan,
  ) {}

  /** Apollo started executing a GraphQL request. */
  graphqlStarted(): GraphQLPart {
    return (this.graphql ??= { errorCodes: [], hasData: false });
  }

  /** The operation Apollo resolved in the document. */
  operationResolved(name: string | null, type: string): void {
    Object.assign(this.graphqlStarted(), { operationName: name, operationType: type });
    this.span?.span.updateName(name ? `${type} ${name}` : type);
    this.span?.span.setAttributes({
      'graphql.operation.type': type,
      ...(name ? { 'graphql.operation.name': name } : {}),
    });
  }

  /** What the response carried. */
  responded(errorCodes: string[], hasData: boolean): void {
    Object.assign(this.graphqlStarted(), { errorCodes, hasData });
  }
}
