// The errors Alibaba Cloud's POP gateway answers for a request it does not
// pass on to the product (E-HPC Instant included), and the body every POP
// error has, `{RequestId, HostId, Code, Message, Recommend}` (docs/vendor-notes.md §5).
//
// Error codes, HTTP statuses and messages are the POP gateway's as seen in
// public error reports and SDK sources (assumptions are marked):
//   IncompleteSignature          400 "The request signature does not conform to Aliyun standards."
//   SignatureDoesNotMatch        400 "Specified signature is not matched with our calculation. server string to sign is:<sts>"
//                                    (message as quoted from the live gateway; V3 docs also write
//                                    "Specified signature does not match our calculation.")
//   InvalidAccessKeyId.NotFound  404 "Specified access key is not found."
//   SignatureNonceUsed           400 "Specified signature nonce was used already."
//   InvalidTimeStamp.Expired     400 "Specified time stamp or date value is expired."
//   InvalidTimeStamp.Format      400 "Specified time stamp or date value is not well formatted."
//   InvalidSecurityToken.Malformed 400 "Specified SecurityToken is malformed."  (assumed status)

import { randomUUID } from 'node:crypto';

/** An error in the POP gateway's terms: the HTTP status, the `Code` and the `Message` of the body. */
export interface AlibabaPopError {
  status: number;
  code: string;
  message: string;
}

const INCOMPLETE_SIGNATURE = 'The request signature does not conform to Aliyun standards.';

export const popErrors = {
  incompleteSignature: (detail?: string): AlibabaPopError => ({
    status: 400,
    code: 'IncompleteSignature',
    // The gateway's fixed message; the emulator appends what exactly was wrong.
    message: detail ? `${INCOMPLETE_SIGNATURE} ${detail}` : INCOMPLETE_SIGNATURE,
  }),
  signatureDoesNotMatch: (stringToSign: string): AlibabaPopError => ({
    status: 400,
    code: 'SignatureDoesNotMatch',
    message: `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
  }),
  accessKeyNotFound: (): AlibabaPopError => ({
    status: 404,
    code: 'InvalidAccessKeyId.NotFound',
    message: 'Specified access key is not found.',
  }),
  nonceUsed: (): AlibabaPopError => ({
    status: 400,
    code: 'SignatureNonceUsed',
    message: 'Specified signature nonce was used already.',
  }),
  timestampExpired: (): AlibabaPopError => ({
    status: 400,
    code: 'InvalidTimeStamp.Expired',
    message: 'Specified time stamp or date value is expired.',
  }),
  timestampFormat: (): AlibabaPopError => ({
    status: 400,
    code: 'InvalidTimeStamp.Format',
    message: 'Specified time stamp or date value is not well formatted.',
  }),
  securityTokenMalformed: (): AlibabaPopError => ({
    status: 400,
    code: 'InvalidSecurityToken.Malformed',
    message: 'Specified SecurityToken is malformed.',
  }),
} as const;

/** A fresh request id in the POP gateway's form: an upper-case UUID. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/**
 * The POP gateway's error body, `{RequestId, HostId, Code, Message, Recommend}`,
 * with the `x-acs-request-id` header it also sends.
 */
export function popErrorResponse(
  error: AlibabaPopError,
  context: { requestId?: string; hostId: string; product: string },
): { status: number; headers: Record<string, string>; body: Record<string, string> } {
  const requestId = context.requestId ?? newRequestId();
  return {
    status: error.status,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
    body: {
      RequestId: requestId,
      HostId: context.hostId,
      Code: error.code,
      Message: error.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${encodeURIComponent(
        context.product,
      )}&requestId=${requestId}`,
    },
  };
}
