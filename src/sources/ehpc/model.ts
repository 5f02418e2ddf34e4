// The EhpcImage model resolvers receive: the mapped image, plus (under a
// symbol, invisible to GraphQL) what was read of it and how to read more. An
// image reached through ListImages lacks GetImage's fields and the other way
// round; the EhpcImage field resolvers use this state to fetch a missing part
// on demand (see resolvers.ts).

import type { GatewayContext } from '../../context-types.js';
import type { EhpcImageModel } from './map.js';
import type { EhpcNeeds } from './selection.js';

/** What identifies an E-HPC image read: GetImage's parameters. */
export interface EhpcImageKey {
  imageId: string;
  /** Public | Custom; unknown when absent. */
  category?: string;
  /** VM | Container; unknown when absent (the gateway finds it with ListImages). */
  type?: string;
  additionalRegionIds?: readonly string[];
}

/** What can read an image again with more of its parts (the E-HPC instance it came from). */
export interface EhpcImageReader {
  resolveImage(context: GatewayContext, key: EhpcImageKey, needs: EhpcNeeds): Promise<EhpcStatefulModel | null>;
}

export const EHPC_STATE = Symbol('ehpc');

export interface EhpcModelState {
  reader: EhpcImageReader;
  key: EhpcImageKey;
  /** Which parts were read. */
  has: EhpcNeeds;
}

export type EhpcStatefulModel = EhpcImageModel & { [EHPC_STATE]?: EhpcModelState };

/** Keeps on `model` what was read of it, for field resolvers that need more. */
export function attachState(model: EhpcStatefulModel, state: EhpcModelState): void {
  Object.defineProperty(model, EHPC_STATE, { value: state, enumerable: false });
}

declare module '../../models.js' {
  interface ImageModels {
    EhpcImage: EhpcStatefulModel;
  }
}
