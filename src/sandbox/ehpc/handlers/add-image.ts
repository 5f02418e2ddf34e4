// AddImage (the SDK's AddImageRequest, vendor-writes.md): registers a Custom
// image. A VM image takes its ECS image id (VMImageSpec.ImageId, which must be
// new) as its E-HPC id; a Container image (ContainerImageSpec.RegistryUrl
// required) gets a fresh `m-` id. ImageType defaults to Container when only a
// ContainerImageSpec is given, else VM.

import { ParamError } from '../errors.js';
import { ok, type EhpcHandler } from '../handler.js';
import { jsonObject, oneOf, optional, required, TYPES } from '../params.js';
import type { EhpcImage } from '../types.js';

export const addImage: EhpcHandler = ({ params, store, requestId }) => {
  const name = required(params, 'Name');
  const containerSpec = jsonObject(params, 'ContainerImageSpec');
  const vmSpec = jsonObject(params, 'VMImageSpec');
  const type = oneOf(params, 'ImageType', TYPES) ?? (containerSpec && !vmSpec ? 'Container' : 'VM');
  let imageId: string;
  if (type === 'VM') {
    const ecsId = vmSpec?.ImageId;
    if (typeof ecsId !== 'string' || !/^m-[a-z0-9]+$/.test(ecsId) || store.has(ecsId)) {
      throw new ParamError('VMImageSpec.ImageId');
    }
    imageId = ecsId;
  } else {
    if (!containerSpec || typeof containerSpec.RegistryUrl !== 'string' || containerSpec.RegistryUrl === '') {
      throw new ParamError('ContainerImageSpec.RegistryUrl');
    }
    imageId = unusedImageId((id) => store.has(id));
  }
  store.put({
    ImageId: imageId,
    ImageCategory: 'Custom',
    ImageType: type,
    AppId: '',
    Name: name,
    Version: optional(params, 'ImageVersion') ?? optional(params, 'Version') ?? '',
    Description: optional(params, 'Description') ?? '',
    Size: '',
    Status: '',
    ContainerImageSpec: type === 'Container' ? containerSpec : undefined,
    VMImageSpec: type === 'VM' ? { ...(vmSpec as EhpcImage['VMImageSpec']), ImageId: imageId } : undefined,
  });
  return ok(requestId, { ImageId: imageId, Success: true });
};

/** A random id of ECS's form, `m-` + 20 lower-case letters and digits, not yet taken. */
function unusedImageId(taken: (id: string) => boolean): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'm-';
  for (let i = 0; i < 20; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return taken(id) ? unusedImageId(taken) : id;
}
