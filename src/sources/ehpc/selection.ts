// Which E-HPC answers a selection set needs.
//
// GetImage returns everything but UpdateTime and Weight; ListImages returns
// fewer fields (no Status, Size, specs, document or regions) but answers many
// ids in one call (`ImageIds`); neither carries the image's category. So,
// from the fields a query selects on an E-HPC image (through `ehpcImage`,
// `node`, `nodes`, fragments on EhpcImage/Image/Node, any nesting of those):
//
//   detail    fields only GetImage has         → GetImage per image (deduped, capped)
//   list      fields only ListImages has       → ListImages by ImageIds (one call per 100 ids)
//   category  visibility / imageCategory       → the argument, or ListImages per category
//   anything else (id, name, createdAt, imageType, osTag, requestId, …) comes from either.
//
// A field this file does not know counts as `detail` (the safe side). Fields
// under a @skip/@include are counted whatever the condition (at worst, a call
// too many).

import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { EhpcImage } from '../../generated/graphql.js';

export interface EhpcNeeds {
  detail: boolean;
  list: boolean;
  category: boolean;
}

/** An EhpcImage field, by its GraphQL name. */
export type EhpcField = Exclude<keyof EhpcImage, '__typename'>;

const DETAIL: readonly EhpcField[] = [
  'status',
  'vendorStatus',
  'ehpcStatus',
  'architecture',
  'sizeBytes',
  'size',
  'containerImageSpec',
  'vmImageSpec',
  'documentInfo',
  'additionalRegionsInfo',
];
const LIST: readonly EhpcField[] = ['updatedAt', 'updateTime', 'weight'];
const CATEGORY: readonly EhpcField[] = ['visibility', 'imageCategory'];

/** The fields only one kind of answer has, and which: what the EhpcImage field resolvers may have to fetch. */
export const PART_OF_FIELD: ReadonlyMap<EhpcField, keyof EhpcNeeds> = new Map([
  ...DETAIL.map((field) => [field, 'detail'] as const),
  ...LIST.map((field) => [field, 'list'] as const),
  ...CATEGORY.map((field) => [field, 'category'] as const),
]);

const LIST_FIELDS: ReadonlySet<string> = new Set(LIST);
const CATEGORY_FIELDS: ReadonlySet<string> = new Set(CATEGORY);
/** Fields either answer provides (plus the ids, which need no answer beyond existence). */
const COMMON_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'id',
  'provider',
  'nativeId',
  'region',
  'name',
  'description',
  'createdAt',
  'createTime',
  'imageType',
  'appId',
  'version',
  'osTag',
  'requestId',
]);

/** The type conditions under which a selection applies to an EhpcImage (`_Entity`: the subgraph's `_entities`). */
const APPLIES = new Set(['EhpcImage', 'Image', 'Node', '_Entity']);

export const NO_NEEDS: EhpcNeeds = { detail: false, list: false, category: false };

/** A read with no selection (a watch's poll): every field that changes over time (status is GetImage's, updatedAt ListImages'). */
export const UNSELECTED_NEEDS: EhpcNeeds = { detail: true, list: true, category: false };

/** What the selection set of the field being resolved (an EhpcImage, a Node, a list of them) needs. */
export function needsOf(info: GraphQLResolveInfo | undefined): EhpcNeeds {
  const needs: EhpcNeeds = { ...NO_NEEDS };
  if (!info) return needs;
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (COMMON_FIELDS.has(name)) continue;
        if (LIST_FIELDS.has(name)) needs.list = true;
        else if (CATEGORY_FIELDS.has(name)) needs.category = true;
        else needs.detail = true; // DETAIL_FIELDS and anything unknown
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || APPLIES.has(selection.typeCondition.name.value)) visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment: FragmentDefinitionNode | undefined = info.fragments[name];
        if (fragment && APPLIES.has(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return needs;
}
