// The values a GraphQL request gives to `@writeOnly` input fields and
// arguments (a registry password): the request's secrets (src/request-secrets.ts).
//
// They are read from the request itself, before it is validated or run:
// GraphQL's own errors may print them already (`Variable "$input" got
// invalid value { userName: "…", password: "…", pasword: "…" }`). A value
// can arrive two ways, and both are looked for:
//   - in a variable: its value is walked along the variable's declared type,
//     and whatever sits at a @writeOnly field is taken, whatever its shape;
//   - written in the document at a @writeOnly field or argument (a literal,
//     or a variable of any type), found with graphql-js's TypeInfo.
// A document that does not fit the schema is read as far as it does: only
// values that do not reach a @writeOnly field are missed, and those are no secret.
//
// It runs for every request, so most return at once: what the schema marks is
// worked out once per schema (which input types hold a @writeOnly field,
// however deep, and the names of the marked fields and arguments); a variable
// of another type is not walked, and a document whose text names no marked
// field or argument is not visited.

import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInputType,
  isListType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';

const WRITE_ONLY = 'writeOnly';

type Variables = Readonly<Record<string, unknown>> | undefined;

/** Whether a field or argument definition carries `@writeOnly`. */
function isWriteOnly(definition: { astNode?: { directives?: readonly { name: { value: string } }[] } | null }) {
  return definition.astNode?.directives?.some((directive) => directive.name.value === WRITE_ONLY) ?? false;
}

/** Every string in a value of any shape (numbers and booleans as text: a password may be typed as one). */
function allText(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) allText(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) allText(item, out);
}

/** What a schema marks: the input types that hold a @writeOnly field (however deep), and the marked names. */
interface Marked {
  holders: ReadonlySet<GraphQLInputObjectType>;
  names: readonly string[];
}

const markedOf = new WeakMap<GraphQLSchema, Marked>();

function marked(schema: GraphQLSchema): Marked {
  const known = markedOf.get(schema);
  if (known) return known;
  const inputTypes = Object.values(schema.getTypeMap()).filter(isInputObjectType);
  const names = new Set<string>();
  const holders = new Set<GraphQLInputObjectType>();
  for (const type of inputTypes) {
    for (const field of Object.values(type.getFields())) {
      if (!isWriteOnly(field)) continue;
      names.add(field.name);
      holders.add(type);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!('getFields' in type) || isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) if (isWriteOnly(arg)) names.add(arg.name);
    }
  }
  // A type that holds a holder is one too: repeat until nothing changes.
  for (let grew = true; grew;) {
    grew = false;
    for (const type of inputTypes) {
      if (holders.has(type)) continue;
      const inner = Object.values(type.getFields()).map((field) => getNamedType(field.type));
      if (inner.some((named) => isInputObjectType(named) && holders.has(named))) {
        holders.add(type);
        grew = true;
      }
    }
  }
  const result = { holders, names: [...names] };
  markedOf.set(schema, result);
  return result;
}

/** The @writeOnly values inside a variable's value, walked along its type (only where a holder leads). */
function fromVariable(type: GraphQLInputType, value: unknown, holders: Marked['holders'], out: string[]): void {
  const nullable = getNullableType(type);
  if (value === null || value === undefined) return;
  if (isListType(nullable)) {
    for (const item of Array.isArray(value) ? value : [value]) fromVariable(nullable.ofType, item, holders, out);
    return;
  }
  if (!isInputObjectType(nullable) || !holders.has(nullable) || typeof value !== 'object') return;
  const fields = value as Record<string, unknown>;
  for (const field of Object.values(nullable.getFields())) {
    if (isWriteOnly(field)) allText(fields[field.name], out);
    else fromVariable(field.type, fields[field.name], holders, out);
  }
}

/** Every value written in a literal at a @writeOnly place; variables in it by their values. */
function fromLiteral(node: ValueNode, variables: Variables, out: string[]): void {
  switch (node.kind) {
    case Kind.VARIABLE:
      allText(variables?.[node.name.value], out);
      return;
    case Kind.LIST:
      for (const item of node.values) fromLiteral(item, variables, out);
      return;
    case Kind.OBJECT:
      for (const field of node.fields) fromLiteral(field.value, variables, out);
      return;
    case Kind.NULL:
      return;
    case Kind.STRING:
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.ENUM:
    case Kind.BOOLEAN:
      out.push(String(node.value));
  }
}

/** The values the request gives to @writeOnly fields and arguments, in variables and in the document. */
export function writeOnlyValues(schema: GraphQLSchema, document: DocumentNode, variables: Variables): string[] {
  const { holders, names } = marked(schema);
  const out: string[] = [];
  if (names.length === 0) return out;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      const type = typeFromAST(schema, variable.type);
      if (isInputType(type)) fromVariable(type, variables?.[variable.variable.name.value], holders, out);
    }
  }
  // A literal at a marked field or argument is written under its name.
  const text = document.loc?.source.body;
  if (text !== undefined && !names.some((name) => text.includes(name))) return out;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (argument && isWriteOnly(argument)) fromLiteral(node.value, variables, out);
      },
      ObjectField(node) {
        const parent = getNamedType(typeInfo.getParentInputType());
        const field = isInputObjectType(parent) ? parent.getFields()[node.name.value] : undefined;
        if (field && isWriteOnly(field)) fromLiteral(node.value, variables, out);
      },
    }),
  );
  return out;
}
