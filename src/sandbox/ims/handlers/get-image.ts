// Querying Image Details (Native OpenStack API): `GET /v2/images/{image_id}`
// (docs/vendor/002-ims-image-details.txt): Glance core fields with the Huawei `__` properties
// top-level. An image the project does not see is not found.

import { imageNotFound, imsHeaders } from '../errors.js';
import type { ImsHandler } from '../handler.js';

export const getImage: ImsHandler = ({ params, requestId, store }) => {
  const image = store.get(params.image_id);
  if (!image || !store.visible(image)) return imageNotFound(requestId);
  return { status: 200, headers: imsHeaders(requestId), body: structuredClone(image) };
};
