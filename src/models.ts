// What resolvers receive and return for each GraphQL object type: the domain
// models. Codegen's resolver types (src/generated/) wrap every object type in
// ModelOf (its `defaultMapper`), so a type registered here is typed by its
// model, and any other by the generated type itself.
//
// A source registers its own image type from its own folder, by augmenting
// ImageModels (`declare module '../../models.js' { interface ImageModels {
// ModelArtsImage: ModelArtsImageModel } }`), so the core never names it.

/** GraphQL image type name → its model; each source adds its own. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ImageModels {}

/** GraphQL object type name → its model. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface GraphModels extends ImageModels {}

/** Any source's image model: what `node`, `nodes` and `images` hand out. */
export type AnyImageModel = ImageModels[keyof ImageModels];

/** The model of generated type `T`: the one registered under its `__typename`, else `T` itself. */
export type ModelOf<T> = T extends { __typename?: infer Name }
  ? NonNullable<Name> extends keyof GraphModels
    ? GraphModels[NonNullable<Name>]
    : T
  : T;
