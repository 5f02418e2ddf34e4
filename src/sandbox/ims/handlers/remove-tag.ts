// Deleting a Tag (Native OpenStack API): `DELETE /v2/images/{image_id}/tags/{tag}`,
// 204. A tag the image does not have is a 404, as Glance answers it (without
// an explanation of its own).

import { noContent, Refused } from '../errors.js';
import { ownImage, type ImsHandler } from '../handler.js';
import { unroutableTag } from '../tag-path.js';

export const removeTag: ImsHandler = ({ params, requestId, store }) => {
  const tag = params.tag;
  const unroutable = unroutableTag(tag, requestId);
  if (unroutable) return unroutable;
  const image = ownImage(store, params.image_id, 'delete tags for');
  const tags = image.tags ?? [];
  if (!tags.includes(tag)) throw new Refused(404, 'The resource could not be found.');
  store.put({ ...structuredClone(image), tags: tags.filter((t) => t !== tag), updated_at: store.now() });
  return noContent(requestId);
};
