// Adding a Tag (Native OpenStack API): `PUT /v2/images/{image_id}/tags/{tag}`,
// no body, 204. A tag is 1–255 characters (Glance's schema); Huawei's page
// adds that it must not contain `=` (a plain Glance takes one). Adding a tag
// the image has already changes nothing and is still a 204.

import { BadRequest, noContent } from '../errors.js';
import { checkTag } from '../glance-properties.js';
import { ownImage, type ImsHandler } from '../handler.js';
import { unroutableTag } from '../tag-path.js';

export const addTag: ImsHandler = ({ params, requestId, store }) => {
  const tag = params.tag;
  const unroutable = unroutableTag(tag, requestId);
  if (unroutable) return unroutable;
  const image = ownImage(store, params.image_id, 'update tags for');
  checkTag(tag);
  if (tag.includes('=')) throw new BadRequest(`Invalid tag ${JSON.stringify(tag)}: a tag must not contain "="`);
  const tags = image.tags ?? [];
  if (!tags.includes(tag)) store.put({ ...structuredClone(image), tags: [...tags, tag], updated_at: store.now() });
  return noContent(requestId);
};
