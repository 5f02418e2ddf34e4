// E-HPC's own fault controls, beside the transport faults every emulator has
// (injectFault in ../emulator.ts): the next authenticated requests get one of
// the documented errors (docs/vendor/003-ehpc-get-image.txt), or HTTP 200 with `Success: false`,
// which the product answers in place of an error code for some failures.

import type { EmulatorResponse } from '../emulator.js';
import { documentedError, EHPC_DOCUMENTED_ERRORS, type EhpcDocumentedError, type ErrorContext } from './errors.js';
import { ok } from './handler.js';
import type { EhpcParams } from './params.js';

/** The codes `failNext` can inject. */
export type EhpcFaultCode = Exclude<EhpcDocumentedError, 'ImageNotFound'>;

export interface EhpcFailOptions<Action extends string = string> {
  /** Only requests for this action get the fault (default: any action). */
  action?: Action;
  /** For InvalidParams: the parameter named in the message (default: the request's first parameter). */
  param?: string;
}

export interface EhpcSuccessFalseOptions<Action extends string = string> {
  action?: Action;
  Code?: string;
  Message?: string;
}

type Fault =
  | { kind: 'error'; code: EhpcFaultCode; remaining: number; action?: string; param?: string }
  | { kind: 'successFalse'; remaining: number; action?: string; Code?: string; Message?: string };

export interface EhpcFaults {
  failNext(code: EhpcFaultCode, times: number, options: EhpcFailOptions): void;
  successFalseNext(times: number, options: EhpcSuccessFalseOptions): void;
  /** The answer of the next fault for this action, if one is queued (it is used up). */
  answer(context: ErrorContext, action: string, params: EhpcParams): EmulatorResponse | undefined;
  clear(): void;
}

export function createEhpcFaults(): EhpcFaults {
  let faults: Fault[] = [];

  const take = (action: string): Fault | undefined => {
    const fault = faults.find((f) => f.remaining > 0 && (!f.action || f.action === action));
    if (fault) fault.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return fault;
  };

  return {
    failNext(code, times, { action, param }) {
      if (!Object.hasOwn(EHPC_DOCUMENTED_ERRORS, code) || (code as string) === 'ImageNotFound') {
        throw new Error(`unknown E-HPC fault code ${code}`);
      }
      faults.push({ kind: 'error', code, remaining: times, action, param });
    },
    successFalseNext(times, { action, Code, Message }) {
      faults.push({ kind: 'successFalse', remaining: times, action, Code, Message });
    },
    answer(context, action, params) {
      const fault = take(action);
      if (fault?.kind === 'error') {
        const param = fault.param ?? [...params.keys()].sort()[0] ?? 'Action';
        return documentedError(context, fault.code, param);
      }
      if (fault?.kind === 'successFalse') {
        const body: Record<string, unknown> = { Success: false };
        if (fault.Code !== undefined) body.Code = fault.Code;
        if (fault.Message !== undefined) body.Message = fault.Message;
        return ok(context.requestId, body);
      }
      return undefined;
    },
    clear: () => void (faults = []),
  };
}
