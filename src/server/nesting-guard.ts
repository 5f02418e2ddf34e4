// Nesting limits checked on the request's text, before anything recursive
// reads it. graphql-js parses a document by recursive descent: about 2,000
// nested braces overflow the stack ("Maximum call stack size exceeded"), long
// before graphql-armor's depth rule could count them on the parsed tree. So a
// cheap, non-recursive scan runs first and refuses, by a limit that names
// itself, what could never pass the depth rule anyway.
//
// In a document, the scan counts two kinds of nesting, skipping strings,
// block strings and comments the way graphql-js's lexer does:
//
// - Selection sets: `{` outside parentheses. A field at depth d (armor's
//   count: a top-level field is depth 1) sits inside d braces, plus one per
//   inline fragment around it (`... on T { }` adds a brace, not depth). Named
//   fragments are separate definitions and start again at 0. Allowing an
//   inline fragment at every level, a document within the depth limit never
//   nests more than 2 × maxDepth braces: the guard refuses past that, and
//   armor checks the exact depth (fragments flattened) once parsed. Never
//   fewer than MIN_SELECTION_SETS though: armor does not count introspection
//   (`__schema`), and the standard introspection query GraphiQL sends nests
//   10 braces in its TypeRef fragment, whatever the depth limit.
// - Values and types: `[` anywhere (list values, list types) and `{` inside
//   parentheses (input objects in arguments, defaults, directive arguments).
//   Past MAX_INPUT_DEPTH they are refused too: no input type of the schema
//   nests that deep.
//
// Until the first token graphql-js would refuse, the counts are exactly the
// parser's nesting (a closing bracket the parser accepts really closes one),
// and graphql-js stops at that token: a document cannot nest deeper than the
// guard saw.
//
// JSON (variables, extensions) is parsed by V8 without recursion (a million
// levels parse), and graphql-js's variable coercion stops at the depth of the
// input type. But what reads the values afterwards may recurse: a JSON scalar,
// a log line, JSON.stringify (which overflows at about 4,000 levels), so they
// are held to MAX_INPUT_DEPTH as well.

/** Deepest nesting of `[` / `{` accepted in a value: a document's literals, and JSON variables or extensions. */
export const MAX_INPUT_DEPTH = 64;

/** Fewest nested selection sets the guard allows, whatever the depth limit. */
export const MIN_SELECTION_SETS = 16;

/** Most nested selection sets the guard lets through to the parser under a depth limit. */
export function selectionSetLimit(maxDepth: number): number {
  return Math.max(2 * maxDepth, MIN_SELECTION_SETS);
}

/** Why a document is refused before parsing, or undefined when its nesting is within the limits. */
export function documentNestingError(source: string, maxDepth: number): string | undefined {
  const maxSelectionSets = selectionSetLimit(maxDepth);
  let selectionSets = 0;
  let values = 0;
  let parens = 0;
  const end = source.length;
  let i = 0;
  while (i < end) {
    const char = source.charCodeAt(i);
    if (char === HASH) {
      while (i < end && source.charCodeAt(i) !== LF && source.charCodeAt(i) !== CR) i += 1;
      continue;
    }
    if (char === QUOTE) {
      i = source.startsWith('"""', i) ? afterBlockString(source, i + 3) : afterString(source, i + 1);
      continue;
    }
    if (char === OPEN_PAREN) parens += 1;
    else if (char === CLOSE_PAREN) parens = Math.max(0, parens - 1);
    else if (char === OPEN_BRACKET || (char === OPEN_BRACE && parens > 0)) {
      values += 1;
      if (values > MAX_INPUT_DEPTH) {
        return `Input nesting limit of ${MAX_INPUT_DEPTH} exceeded: a value or type in the document nests deeper (checked before parsing).`;
      }
    } else if (char === OPEN_BRACE) {
      selectionSets += 1;
      if (selectionSets > maxSelectionSets) {
        return (
          `Query depth limit of ${maxDepth} exceeded: the document nests more than ${maxSelectionSets} ` +
          `selection sets (checked before parsing).`
        );
      }
    } else if (char === CLOSE_BRACKET || (char === CLOSE_BRACE && parens > 0)) values = Math.max(0, values - 1);
    else if (char === CLOSE_BRACE) selectionSets = Math.max(0, selectionSets - 1);
    i += 1;
  }
  return undefined;
}

/** True when JSON text nests arrays and objects deeper than `limit` (strings skipped; the JSON need not be valid). */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const end = text.length;
  let i = 0;
  while (i < end) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) {
      i = afterString(text, i + 1);
      continue;
    }
    if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
    i += 1;
  }
  return false;
}

/** True when an already-parsed value nests arrays and objects deeper than `limit` (walked without recursion). */
export function valueNestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

// Private: the character codes the scans look for.
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

// Private: the index after a string whose opening quote ends before `i`; a
// backslash escapes the next character. (A raw line break would end
// graphql-js's string with a syntax error; reading on past it only hides
// text the parser never reaches.)
function afterString(text: string, i: number): number {
  const end = text.length;
  while (i < end) {
    const char = text.charCodeAt(i);
    if (char === BACKSLASH) i += 2;
    else if (char === QUOTE) return i + 1;
    else i += 1;
  }
  return end;
}

// Private: the index after a block string whose `"""` ends before `i`; only
// `\"""` escapes inside one.
function afterBlockString(text: string, i: number): number {
  for (;;) {
    const close = text.indexOf('"""', i);
    if (close === -1) return text.length;
    if (text.charCodeAt(close - 1) !== BACKSLASH) return close + 3;
    i = close + 3;
  }
}
