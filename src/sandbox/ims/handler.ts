// What an IMS handler gets: one request that passed APIG, its route's path
// parameters and the emulator's state; and what the write handlers share.

import type { EmulatorRequest, EmulatorResponse } from '../emulator.js';
import { BadRequest, IMAGE_NOT_FOUND, Refused } from './errors.js';
import type { ImsStore } from './store.js';
import type { ImsWireImage } from './types.js';

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

/** One operation. It may throw a BadRequest (answered as 400 IMG.xxxx) or a Refused (403, 404, 409, 415). */
export type ImsHandler = (call: ImsCall) => EmulatorResponse;

/** A request's JSON body; undefined when it has none. Malformed JSON is a 400, as Glance answers it. */
export function jsonBody(request: EmulatorRequest): unknown {
  const text = request.body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest('Malformed JSON in request body.');
  }
}

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The image a write names, if the project may change it: else 404 (not visible) or 403 (someone else's). */
export function ownImage(store: ImsStore, id: string, action: string): Readonly<ImsWireImage> {
  const image = store.get(id);
  if (!image || !store.visible(image)) throw new Refused(404, IMAGE_NOT_FOUND.message, { code: IMAGE_NOT_FOUND.code });
  if (!store.owns(image)) throw new Refused(403, `You are not permitted to ${action} image ${id}.`);
  return image;
}
