// What an IMS handler gets: one request that passed APIG, its route's path
// parameters and the emulator's state.

import type { EmulatorRequest, EmulatorResponse } from '../emulator.js';
import type { ImsStore } from './store.js';

/** How the emulator behaves where real endpoints differ. */
export interface ImsSettings {
  /** Whether `id=in:a,b` filters by id (Glance) or is dropped (an endpoint that does not know it). */
  idInSupported: boolean;
}

export interface ImsCall {
  request: EmulatorRequest;
  /** The route's `{name}` segments, decoded. */
  params: Record<string, string>;
  requestId: string;
  store: ImsStore;
  settings: ImsSettings;
}

/** One operation. It may throw a BadRequest (answered as 400 IMG.0001). */
export type ImsHandler = (call: ImsCall) => EmulatorResponse;
