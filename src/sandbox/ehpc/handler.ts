// What an E-HPC action handler gets (one verified request's parameters, the
// emulator's state) and how it answers success: the action's fields after
// `RequestId`, the request id also in `x-acs-request-id`.

import type { EmulatorResponse } from '../emulator.js';
import type { ErrorContext } from './errors.js';
import type { EhpcParams } from './params.js';
import type { EhpcStore } from './store.js';

export interface EhpcCall extends ErrorContext {
  params: EhpcParams;
  store: EhpcStore;
}

/** One action. It may throw a ParamError (answered as 400 InvalidParams). */
export type EhpcHandler = (call: EhpcCall) => EmulatorResponse;

export function ok(requestId: string, body: Record<string, unknown>): EmulatorResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
    body: { RequestId: requestId, ...body },
  };
}
