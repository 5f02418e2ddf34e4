// AddImage (the SDK's AddImageRequest, docs/vendor-writes.md §3): registers a Custom
// image. Parameters: Name (required), ImageType (VM | Container),
// ImageVersion, Description, and ContainerImageSpec / VMImageSpec as JSON
// strings, the SDK's "json" style (`VMImageSpec={"ImageId":"m-…"}`), each
// field of the type the SDK's model gives it; a field of another type is
// 400 InvalidParams naming it (`ContainerImageSpec.IsACRRegistry`).
//
// Where the vendor is silent (the emulator's choices): a VM image takes its
// ECS image id (VMImageSpec.ImageId, `m-…`, required) as its E-HPC id, as the
// SDK's example suggests, and adding one ECS image twice is 400
// ImageAlreadyExists; a Container image (ContainerImageSpec.RegistryUrl
// required) gets a fresh `m-` id. ImageType defaults to Container when only a
// ContainerImageSpec is given, else VM; the other type's spec is ignored. The
// new image is Available at once with an unknown Size (""), and its registry
// credential is kept as given: GetImage returns it, password included, as the
// page documents.

import { documentedError, ParamError } from '../errors.js';
import { ok, type EhpcHandler } from '../handler.js';
import { jsonObject, oneOf, optional, required, TYPES } from '../params.js';
import type { EhpcContainerImageSpec, EhpcRegistryCredential, EhpcVmImageSpec } from '../types.js';

const ECS_IMAGE_ID = /^m-[a-z0-9]+$/;

export const addImage: EhpcHandler = (call) => {
  const { params, store, requestId } = call;
  const name = required(params, 'Name');
  const containerSpec = containerImageSpec(jsonObject(params, 'ContainerImageSpec'));
  const vmSpec = vmImageSpec(jsonObject(params, 'VMImageSpec'));
  const type = oneOf(params, 'ImageType', TYPES) ?? (containerSpec && !vmSpec ? 'Container' : 'VM');
  let imageId: string;
  if (type === 'VM') {
    if (!vmSpec?.ImageId || !ECS_IMAGE_ID.test(vmSpec.ImageId)) throw new ParamError('VMImageSpec.ImageId');
    if (store.has(vmSpec.ImageId)) return documentedError(call, 'ImageAlreadyExists');
    imageId = vmSpec.ImageId;
  } else {
    if (!containerSpec?.RegistryUrl) throw new ParamError('ContainerImageSpec.RegistryUrl');
    imageId = unusedImageId((id) => store.has(id));
  }
  store.put({
    ImageId: imageId,
    ImageCategory: 'Custom',
    ImageType: type,
    AppId: '',
    Name: name,
    Version: optional(params, 'ImageVersion') ?? '',
    Description: optional(params, 'Description') ?? '',
    Size: '',
    Status: 'Available',
    ContainerImageSpec: type === 'Container' ? containerSpec : undefined,
    VMImageSpec: type === 'VM' ? vmSpec : undefined,
  });
  return ok(requestId, { ImageId: imageId, Success: true });
};

// Private: the specs, field by field, as the SDK's models type them.

type Fields = Record<string, unknown>;

function text(object: Fields, field: string, param: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ParamError(`${param}.${field}`);
  return value;
}

function flag(object: Fields, field: string, param: string): boolean | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ParamError(`${param}.${field}`);
  return value;
}

function containerImageSpec(spec: Fields | undefined): EhpcContainerImageSpec | undefined {
  if (!spec) return undefined;
  const param = 'ContainerImageSpec';
  const credential = spec.RegistryCredential;
  if (credential !== undefined && (typeof credential !== 'object' || credential === null || Array.isArray(credential)))
    throw new ParamError(`${param}.RegistryCredential`);
  return {
    RegistryUrl: text(spec, 'RegistryUrl', param),
    IsACRRegistry: flag(spec, 'IsACRRegistry', param),
    IsACREnterprise: flag(spec, 'IsACREnterprise', param),
    RegistryCriId: text(spec, 'RegistryCriId', param),
    RegistryCredential: credential ? registryCredential(credential as Fields) : undefined,
  };
}

function registryCredential(credential: Fields): EhpcRegistryCredential {
  const param = 'ContainerImageSpec.RegistryCredential';
  return {
    Server: text(credential, 'Server', param),
    UserName: text(credential, 'UserName', param),
    Password: text(credential, 'Password', param),
  };
}

function vmImageSpec(spec: Fields | undefined): EhpcVmImageSpec | undefined {
  return spec && { ImageId: text(spec, 'ImageId', 'VMImageSpec') };
}

/** A random id of ECS's form, `m-` + 20 lower-case letters and digits, not yet taken. */
function unusedImageId(taken: (id: string) => boolean): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'm-';
  for (let i = 0; i < 20; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return taken(id) ? unusedImageId(taken) : id;
}
