// The limits that stop abusive documents before execution, the same for
// GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws): graphql-armor's
// validation rules (depth, aliases, cost, directives) and graphql-js's token
// limit at parse time.

import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { RequestLimits } from '../config/index.js';

/** Most lexical tokens in one GraphQL document (graphql-js `parse`'s `maxTokens`). */
export const MAX_TOKENS = 10_000;

/** graphql-armor's protections, as validation rules (it adds no plugins for the ones enabled here). */
export function documentValidationRules(limits: RequestLimits): ValidationRule[] {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: 100 },
    costLimit: {
      maxCost: limits.maxFields,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      ignoreIntrospection: true,
    },
    // Token limit: graphql-js's own (MAX_TOKENS). Armor's parses the document
    // again in a parsingDidStart hook, where Apollo treats any throw, a plain
    // syntax error included, as an unexpected failure: HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    // Suggestions go in production (schema-privacy.ts): armor's blocker is a
    // plugin, not wired here, and misses graphql-js's enum-value suggestions.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return [...armor.validationRules];
}
