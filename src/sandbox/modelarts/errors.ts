// ModelArts' own error answers, `{error_code, error_msg}` with the request id
// in `X-Request-Id` only (docs/vendor/000-modelarts-image-details.txt "Error Codes", docs/vendor-notes.md §2). The
// APIG errors in front of it are in ../huawei/apig-errors.ts.

import type { EmulatorResponse } from '../emulator.js';
import type { ModelArtsErrorBody } from './types.js';

/** A bad parameter or body: thrown by a handler, answered as 400 ModelArts.0104. */
export class ParameterError extends Error {}

function modelArtsError(status: number, code: string, msg: string, requestId: string): EmulatorResponse {
  return {
    status,
    headers: { 'x-request-id': requestId },
    body: { error_code: code, error_msg: msg } satisfies ModelArtsErrorBody,
  };
}

/** The live API answers 400 + ModelArts.6404; the API page says 404. */
export const imageNotFound = (id: string, requestId: string, status: 400 | 404) =>
  modelArtsError(status, 'ModelArts.6404', `Image ${id} not found`, requestId);

export const notebookNotFound = (requestId: string) =>
  modelArtsError(400, 'ModelArts.6309', 'The instance does not exist.', requestId);

export const sortNotSupported = (requestId: string) =>
  modelArtsError(400, 'ModelArts.6303', 'The field does not support sorting.', requestId);

/** The project may not do this to the image (a built-in one): 403, the code Huawei's Terraform provider knows as "no permission". */
export const noPermission = (msg: string, requestId: string) => modelArtsError(403, 'ModelArts.6407', msg, requestId);

export const parameterError = (message: string, requestId: string) =>
  modelArtsError(400, 'ModelArts.0104', `Parameter error: ${message}`, requestId);
