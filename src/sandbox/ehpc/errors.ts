// E-HPC Instant's error answers: the codes the GetImage and RemoveImage pages
// document (docs/vendor/003-ehpc-get-image.txt "Error codes", docs/vendor-writes.md §3; the product uses
// one set), and the POP gateway's for an unknown API or version, all in the
// POP error body of ../alibaba/pop-errors.ts.

import type { EmulatorResponse } from '../emulator.js';
import { popErrorResponse, type AlibabaPopError } from '../alibaba/pop-errors.js';

const EHPC_PRODUCT = 'EhpcInstant';

/**
 * The documented error codes, with their documented HTTP status and message
 * (ImageAlreadyExists' message is not quoted by the pages: the emulator's words).
 */
export const EHPC_DOCUMENTED_ERRORS = {
  InvalidParams: { status: 400, message: 'The specified parameter %s is invalid.' },
  ImageAlreadyExists: { status: 400, message: 'The specified image already exists.' },
  ImageInUse: { status: 403, message: 'Image is still used by jobs.' },
  NotEnabled: { status: 400, message: 'You have not enabled this service.' },
  ImageNotFound: { status: 404, message: 'The specified image does not exist.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },
  EcsError: { status: 406, message: 'An error occurred while calling the ECS API operation.' },
  AliyunError: { status: 406, message: 'An Alibaba Cloud product error occurred.' },
  DbError: { status: 406, message: 'A database error occurred.' },
  NotAuthorized: { status: 407, message: 'No authorization is granted.' },
} as const;

export type EhpcDocumentedError = keyof typeof EHPC_DOCUMENTED_ERRORS;

/** A bad or repeated parameter: thrown by a handler, answered as 400 InvalidParams naming it. */
export class ParamError extends Error {
  constructor(readonly param: string) {
    super(`invalid parameter ${param}`);
  }
}

/** Where an error answer comes from: the request it answers and the host that answers it. */
export interface ErrorContext {
  requestId: string;
  /** `ehpcinstant.{region}.aliyuncs.com` */
  hostId: string;
}

export function ehpcError(context: ErrorContext, error: AlibabaPopError): EmulatorResponse {
  return popErrorResponse(error, { requestId: context.requestId, hostId: context.hostId, product: EHPC_PRODUCT });
}

/** A documented error; `param` fills InvalidParams' `%s`. */
export function documentedError(context: ErrorContext, code: EhpcDocumentedError, param?: string): EmulatorResponse {
  const { status, message } = EHPC_DOCUMENTED_ERRORS[code];
  return ehpcError(context, { status, code, message: message.replace('%s', param ?? '') });
}

/** The POP gateway's answer for an action this product does not have, or a path or method RPC does not use. */
export const apiNotFound = (context: ErrorContext) =>
  ehpcError(context, {
    status: 404,
    code: 'InvalidAction.NotFound',
    message: 'Specified api is not found, please check your url and method.',
  });

export const invalidVersion = (context: ErrorContext) =>
  ehpcError(context, { status: 400, code: 'InvalidVersion', message: 'Specified parameter Version is not valid.' });
