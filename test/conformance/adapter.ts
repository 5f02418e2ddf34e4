// What a source adapter tells the conformance suite (suite.ts): only what
// differs between sources. Everything else — the documents, the faults, what
// counts as a pass — is the suite's, the same for every source.

import { SANDBOX_HUAWEI, type RecordedCall, type Sandbox } from '../../src/sandbox/index.js';

/** A seeded image and the name the vendor's document gives it. */
export interface SeededImage {
  id: string;
  name: string;
}

/** The vendor's error answer, as the emulator should send it. */
export interface ErrorReply {
  body: unknown;
  headers?: Record<string, string>;
}

/** An image the `images` listing should return, from the emulator's own state mapped by the README's normalization table. */
export interface ListedImage {
  key: string;
  provider: string;
  nativeId: string;
  name: string;
  created: number | null;
  status: string;
  architecture: string | null;
  visibility: string | null;
}

export interface SourceAdapter {
  /** Shown in test titles; also the emulator's title in the sandbox. */
  readonly name: string;
  /** `Image.provider` and `extensions.provider` of this source. */
  readonly provider: string;
  /** This source's emulator among the sandbox handles (`gw.sandbox[sandboxKey]`). */
  readonly sandboxKey: 'modelarts' | 'ims' | 'ehpc';
  /** The Query field that reads one image by vendor id (or this provider's global id), given the argument's GraphQL value. */
  imageField(id: string): string;
  /** The variable that points the gateway at this source's endpoint (`sandbox.env`). */
  readonly endpointVariable: string;
  /** What else `sandbox.env` holds for this source: its sandbox account's credentials and place. */
  readonly sandboxEnv: Readonly<Record<string, string>>;
  /** What the emulator answers an unsigned request to an unrouted path (its API gateway's refusal). */
  readonly unroutedStatus: number;
  /** The `images` listing against this source's emulator (test/listing/images.test.ts). */
  readonly listing: {
    /** Adds `count` generated images to the emulator, some with features the filters look for. */
    generate(sandbox: Sandbox, count: number): void;
    /** The emulator's images as the listing should return them. */
    expected(sandbox: Sandbox): ListedImage[];
    /** This source's list calls (not id lookups) among the calls its emulator recorded. */
    listCalls(calls: readonly RecordedCall[]): RecordedCall[];
  };
  /** The GraphQL type of that argument (for variables). */
  readonly idType: string;
  /** At least four seeded images; the first is the one the detail audits read. */
  readonly seeded: readonly SeededImage[];
  /** An id no image of the sandbox has. */
  readonly missingId: string;
  /** Upstream image reads the missing id costs before it is null (not retried). */
  readonly missingCalls: number;
  /** Upstream image reads N distinct existing ids cost when one request asks `id provider nativeId name` of each. */
  expectedCalls(distinctIds: number): number;
  /** This source's image reads among the calls its emulator recorded. */
  imageReads(calls: readonly RecordedCall[]): RecordedCall[];
  /** The native ids one recorded image read asks for, decoded. */
  idsAskedBy(call: RecordedCall): string[];
  /**
   * Where image reads may go: `perId` is a raw path prefix followed by the id
   * as exactly one encoded segment (and no query string); `list` is the exact
   * raw path of a call that carries ids in its query string.
   */
  readonly paths: { perId?: string; list?: string };
  /** A raw path prefix every image read of this source starts with; faults are injected there. */
  readonly faultPathPrefix: string;
  /** The vendor's error body and headers carrying its error code, message and request id. */
  errorReply(vendorCode: string, message: string, requestId: string): ErrorReply;
  /** The vendor codes the fault audits send, by what they mean. */
  readonly vendorCodes: { unavailable: string; throttled: string; forbidden: string };
  /** The credentials the gateway holds for this source, by name (a vendor may echo them in an error). */
  readonly credentials: Readonly<Record<string, string>>;
  /** Every secret of the sandbox account, by name: none may appear in a response or a log line. */
  readonly secrets: Readonly<Record<string, string>>;
}

/** Huawei Cloud's API Gateway error body (ModelArts, IMS): `error_code`, `error_msg`, `request_id`. */
export function huaweiErrorReply(vendorCode: string, message: string, requestId: string): ErrorReply {
  return {
    body: { error_code: vendorCode, error_msg: message, request_id: requestId },
    headers: { 'x-request-id': requestId },
  };
}

/** The sandbox's one Huawei Cloud account (ModelArts and IMS): what the gateway holds, and every secret of it. */
export const HUAWEI_CREDENTIALS = { HUAWEICLOUD_SDK_AK: SANDBOX_HUAWEI.ak, HUAWEICLOUD_SDK_SK: SANDBOX_HUAWEI.sk };
export const HUAWEI_SECRETS = { ...HUAWEI_CREDENTIALS, HUAWEICLOUD_AUTH_TOKEN: SANDBOX_HUAWEI.token };

/** The sandbox's Huawei Cloud account and place as `sandbox.env` gives them (ModelArts and IMS). */
export const HUAWEI_SANDBOX_ENV = {
  ...HUAWEI_CREDENTIALS,
  HUAWEICLOUD_SDK_PROJECT_ID: SANDBOX_HUAWEI.projectId,
  HUAWEICLOUD_SDK_REGION: SANDBOX_HUAWEI.region,
};

/** The listing's architecture for a vendor's word for it (the README's normalization table). */
export function architectureOf(word: unknown): string | null {
  const w = typeof word === 'string' ? word.toLowerCase() : '';
  return w === 'x86_64' || w === 'amd64' ? 'X86_64' : w === 'aarch64' || w === 'arm64' ? 'AARCH64' : null;
}

/** A listed image's key: provider and native id. */
export const listedKey = (provider: string, nativeId: string) => `${provider}:${nativeId}`;
