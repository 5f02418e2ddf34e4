// One configured ModelArts endpoint/account: its upstream client and API,
// and how an image is loaded by reference within a request.

import type { SourceInstanceConfig } from '../../config.js';
import type { GatewayContext } from '../../context.js';
import { badUserInput } from '../../errors.js';
import type { ImageRef } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { createAuthenticator } from '../../upstream/auth/index.js';
import { UpstreamClient } from '../../upstream/http-client.js';
import type { SourceInstance } from '../types.js';
import { ModelArtsApi, PROVIDER } from './api.js';
import { createModelArtsLoaders, type ModelArtsLoaders } from './loaders.js';
import { mapModelArtsImage, type ModelArtsImageModel } from './map.js';

export class ModelArtsInstance implements SourceInstance<ModelArtsLoaders> {
  readonly api: ModelArtsApi;
  private readonly client: UpstreamClient;
  private readonly authenticator: ReturnType<typeof createAuthenticator>;

  constructor(
    readonly config: SourceInstanceConfig,
    logger: Logger,
  ) {
    this.authenticator = createAuthenticator(config);
    this.client = new UpstreamClient({
      provider: PROVIDER,
      region: config.region,
      instance: config.name,
      endpoint: config.endpoint,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      authenticator: this.authenticator,
      logger,
    });
    this.api = new ModelArtsApi(this.client, config.region);
  }

  createLoaders(): ModelArtsLoaders {
    return createModelArtsLoaders(this.api, this.config.concurrency);
  }

  async loadImage(context: GatewayContext, ref: ImageRef): Promise<ModelArtsImageModel | null> {
    const projectId = ref.project || this.config.project;
    if (!projectId) throw badUserInput('the id names no ModelArts project and none is configured', 'id');
    const wire = await context.loadersFor(this).image.load({ projectId, id: ref.nativeId });
    return wire && mapModelArtsImage(wire, { region: this.config.region, projectId });
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.authenticator.close?.();
  }
}
