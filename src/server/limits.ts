// The limits that stop abusive documents before execution, the same for
// GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws): graphql-armor's
// validation rules (depth, aliases, cost, directives) and graphql-js's token
// limit at parse time.

import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext, type ValidationRule } from 'graphql';
import type { RequestLimits } from '../config/index.js';
import { serviceSdlOff } from '../federation/index.js';
import { ErrorCode } from '../errors.js';

/** Most lexical tokens in one GraphQL document (graphql-js `parse`'s `maxTokens`). */
export const MAX_TOKENS = 10_000;

/**
 * A document one of these limits refused: its own code and the limit it names
 * in `limit`. Apollo wraps validation errors as GRAPHQL_VALIDATION_FAILED;
 * the formatting (./errors.ts) and the WebSocket path keep these codes.
 */
export class LimitRejection extends GraphQLError {}

/**
 * How armor reports one limit: to the validation context (not thrown), with
 * the gateway's code, and without armor's "Syntax Error: " prefix (the
 * document parsed; a limit refused it). Depth is MAX_DEPTH whichever check
 * finds it, the pre-parse scan (./nesting-guard.ts) or this rule.
 */
function rejectAs(code: string, limit: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(
          new LimitRejection(error.message.replace(/^Syntax Error: /, ''), { extensions: { code, limit } }),
        ),
    ],
  };
}

/**
 * graphql-js's rule against `__schema` and `__type`, for IMAGE_GATEWAY_INTROSPECTION=false, with a
 * message that names the setting (Apollo's own tells the operator to change its constructor).
 */
const introspectionOff: ValidationRule = (context) => {
  // graphql-js reports every field of an introspection type; one error says it.
  let reported = false;
  const reporting = Object.create(context, {
    reportError: {
      value: (error: GraphQLError) => {
        if (reported) return;
        reported = true;
        const message = `Introspection is off on this gateway (IMAGE_GATEWAY_INTROSPECTION): ${error.message}`;
        context.reportError(new GraphQLError(message, { nodes: error.nodes }));
      },
    },
  }) as ValidationContext;
  return NoSchemaIntrospectionCustomRule(reporting);
};

/**
 * The document rules beyond graphql-js's own, the same over HTTP and WebSocket:
 * graphql-armor's protections (it adds no plugins for the ones enabled here),
 * and the introspection switch.
 */
export function documentValidationRules(limits: RequestLimits, introspection: boolean): ValidationRule[] {
  const invalid = ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED;
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...rejectAs(ErrorCode.MAX_DEPTH, 'limits.maxDepth'),
    },
    maxAliases: { n: 100, ...rejectAs(invalid, 'maxAliases') },
    costLimit: {
      maxCost: limits.maxFields,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      ignoreIntrospection: true,
      ...rejectAs(invalid, 'limits.maxFields'),
    },
    // Token limit: graphql-js's own (MAX_TOKENS). Armor's parses the document
    // again in a parsingDidStart hook, where Apollo treats any throw, a plain
    // syntax error included, as an unexpected failure: HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50, ...rejectAs(invalid, 'maxDirectives') },
    // Suggestions go in production (schema-privacy.ts): armor's blocker is a
    // plugin, not wired here, and misses graphql-js's enum-value suggestions.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return [...armor.validationRules, ...(introspection ? [] : [introspectionOff, serviceSdlOff])];
}
