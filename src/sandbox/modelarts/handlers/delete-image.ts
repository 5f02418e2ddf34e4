// DeleteImage: `DELETE /v1/{project_id}/images/{id}` (docs/vendor-writes.md §1).
// `force` (query, default false) also deletes the image's content in SWR; the
// Go SDK sends it as a JSON body `{"is_force": bool}` instead, so both are
// read (the query wins when both are given). The answer is 200 with the image
// as it was, status DELETED, or 204 with no body (`deleteAnswer`); both occur.
//
// Where the page is silent (the emulator's choices): a built-in image
// (`type` BUILD_IN) belongs to ModelArts, not to the project, and is refused
// with 403 ModelArts.6407 (the "no permission" code Huawei's Terraform
// provider handles); a forced delete records the SWR path whose content went
// with it (`deletedSwrContent()`).

import { ParameterError, imageNotFound, noPermission } from '../errors.js';
import { ok, type ModelArtsHandler } from '../handler.js';
import { booleanParam, parseJsonObject } from '../params.js';

export const deleteImage: ModelArtsHandler = ({ request, params, requestId, store, settings }) => {
  const last = store.image(params.id);
  if (!last) return imageNotFound(params.id, requestId, settings.notFoundStatus);
  const force = booleanParam(request.query, 'force') ?? isForceInBody(request.body) ?? false;
  if (last.type === 'BUILD_IN') return noPermission(`Built-in image ${params.id} cannot be deleted.`, requestId);
  store.remove(params.id, { withSwrContent: force });
  if (settings.deleteAnswer === 'http204') return { status: 204, headers: { 'x-request-id': requestId } };
  return ok({ ...last, status: 'DELETED', update_at: store.now() }, requestId);
};

/** The Go SDK's `{"is_force": bool}` body; undefined without a body. */
function isForceInBody(body: Buffer): boolean | undefined {
  const value = parseJsonObject(body, true).is_force;
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ParameterError('is_force must be a boolean');
  return value;
}
