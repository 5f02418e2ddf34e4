// What a ModelArts handler gets (one request that passed APIG, its route's
// path parameters, the emulator's state) and how it answers success.

import type { EmulatorRequest, EmulatorResponse } from '../emulator.js';
import type { ModelArtsStore } from './store.js';

/** How the emulator answers where the vendor's documents and the live API differ. */
export interface ModelArtsSettings {
  /** Status of "image not found": 400 as the live API, or 404 as the API page. */
  notFoundStatus: 400 | 404;
  /** Registry host of swr_path for saved images. */
  swrDomain: string;
  /** How a delete is answered: 200 with the deleted image, or 204 with no body (the page allows both). */
  deleteAnswer: 'http200' | 'http204';
}

export interface ModelArtsCall {
  request: EmulatorRequest;
  /** The route's `{name}` segments: project_id, and id where the route has one. */
  params: Record<string, string>;
  requestId: string;
  store: ModelArtsStore;
  settings: ModelArtsSettings;
}

/** One operation. It may throw a ParameterError (answered as 400 ModelArts.0104). */
export type ModelArtsHandler = (call: ModelArtsCall) => EmulatorResponse;

export function ok(body: unknown, requestId: string): EmulatorResponse {
  return { status: 200, headers: { 'x-request-id': requestId }, body };
}
