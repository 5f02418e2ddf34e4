// IMS' own error answers, `{"error":{"code","message"}}` (docs/vendor/002-ims-image-details.txt
// "Error Codes", docs/vendor-notes.md §3), the headers every IMS answer carries, and
// the front proxy's 414. The APIG errors in front of IMS are in
// ../huawei/apig-errors.ts.
//
// IMS documents `IMG.xxxx` codes for its 400s and for a missing image only.
// The native API's other refusals (403, 409, 415) come from Glance beneath it
// and carry the HTTP status as their code (`"code": "403"`), the shape
// Huawei's own CLI parses for native OpenStack APIs (a code without a dot),
// with Glance's explanation as the message (inferred).

import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../emulator.js';
import type { ImsErrorBody } from './types.js';

/** A bad parameter or body: thrown by a handler with Glance's explanation, answered as 400 with `code`. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly code = 'IMG.0001',
  ) {
    super(message);
  }
}

/** A refusal (403, 404, 409, 415): thrown by a handler, answered with the status as its code unless it has one. */
export class Refused extends Error {
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(
    readonly status: 403 | 404 | 409 | 415,
    message: string,
    options: { code?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.code = options.code ?? String(status);
    this.headers = options.headers ?? {};
  }
}

/** IMS' documented answer for an image that does not exist (or that the project does not see). */
export const IMAGE_NOT_FOUND = { code: 'IMG.0144', message: 'The image does not exist.' } as const;

/** `X-Request-Id` (APIG's) and `X-Openstack-Request-Id` (Glance's `req-<uuid>`). */
export function imsHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'application/json; charset=UTF-8', 'x-request-id': requestId, ...openstackRequestId() };
}

export function openstackRequestId(): { 'x-openstack-request-id': string } {
  return { 'x-openstack-request-id': `req-${randomUUID()}` };
}

function imsError(status: number, code: string, message: string, requestId: string): EmulatorResponse {
  return { status, headers: imsHeaders(requestId), body: { error: { code, message } } satisfies ImsErrorBody };
}

export const imageNotFound = (requestId: string) =>
  imsError(404, IMAGE_NOT_FOUND.code, IMAGE_NOT_FOUND.message, requestId);

export const badRequest = (error: BadRequest, requestId: string) => imsError(400, error.code, error.message, requestId);

export function refusal(error: Refused, requestId: string): EmulatorResponse {
  const answer = imsError(error.status, error.code, error.message, requestId);
  return { ...answer, headers: { ...answer.headers, ...error.headers } };
}

/** A 204: no body, no content type. */
export function noContent(requestId: string): EmulatorResponse {
  return { status: 204, headers: { 'x-request-id': requestId, ...openstackRequestId() } };
}

/** What the front proxy answers for a request line it will not read. */
export function requestLineTooLong(requestId: string): EmulatorResponse {
  return {
    status: 414,
    headers: { 'content-type': 'text/html', 'x-request-id': requestId },
    body:
      '<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n' +
      '<center><h1>414 Request-URI Too Large</h1></center>\r\n</body>\r\n</html>\r\n',
  };
}
