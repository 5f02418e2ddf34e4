// IMS' own error answers, `{"error":{"code","message"}}` (docs/vendor/002
// "Error Codes", vendor-notes §3), the headers every IMS answer carries, and
// the front proxy's 414. The APIG errors in front of IMS are in
// ../huawei/apig-errors.ts.

import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../emulator.js';
import type { ImsErrorBody } from './types.js';

/** A bad list parameter: thrown by a handler with Glance's explanation, answered as 400 IMG.0001. */
export class BadRequest extends Error {}

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

export const imageNotFound = (requestId: string) => imsError(404, 'IMG.0144', 'The image does not exist.', requestId);

export const badRequest = (message: string, requestId: string) => imsError(400, 'IMG.0001', message, requestId);

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
