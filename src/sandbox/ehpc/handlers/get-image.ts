// GetImage (docs/vendor/003-ehpc-get-image.txt). Where the page is silent: ImageId is required
// in practice (400 InvalidParams); ImageType defaults to VM and scopes the
// lookup, so a Container image asked for without ImageType=Container (or a VM
// image with it) is 404 ImageNotFound, as is an image outside the given
// ImageCategory. AdditionalRegionIds narrows AdditionalRegionsInfo to those
// regions (regions the image was not copied to are left out); without it
// every stored entry is returned. TotalCount is 1.

import { documentedError, ParamError } from '../errors.js';
import { ok, type EhpcHandler } from '../handler.js';
import { CATEGORIES, oneOf, required, stringArray, TYPES } from '../params.js';
import { getImageView } from '../views.js';

const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export const getImage: EhpcHandler = (call) => {
  const { params, store, requestId } = call;
  const imageId = required(params, 'ImageId');
  const category = oneOf(params, 'ImageCategory', CATEGORIES);
  const type = oneOf(params, 'ImageType', TYPES) ?? 'VM';
  const regions = stringArray(params, 'AdditionalRegionIds');
  if (regions && !regions.every((r) => REGION_ID.test(r))) throw new ParamError('AdditionalRegionIds');
  const image = store.get(imageId);
  if (!image || image.ImageType !== type || (category && image.ImageCategory !== category)) {
    return documentedError(call, 'ImageNotFound');
  }
  return ok(requestId, { Success: true, TotalCount: 1, Image: getImageView(image, regions) });
};
