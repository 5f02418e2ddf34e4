// ModelArts's Query and Mutation fields.

import type { GatewayContext } from '../../context-types.js';
import { badUserInput } from '../../errors.js';
import type { Resolvers } from '../../generated/graphql.js';
import { PROVIDER } from './api.js';
import { ModelArtsInstance } from './instance.js';
import { mapModelArtsImage } from './map.js';
import { validateRegisterInput, validateSaveNotebookInput } from './validate.js';

/** The ModelArts instance for a region/project, and the project to use in paths. */
function target(context: GatewayContext, where: { region?: string | null; projectId?: string | null }, field: string) {
  const instance = context.sources.pickOf(ModelArtsInstance, PROVIDER, {
    region: where.region,
    project: where.projectId,
  });
  const projectId = where.projectId || instance.config.project;
  if (!projectId) {
    throw badUserInput(`${field} is required: no ModelArts project is configured (HUAWEICLOUD_SDK_PROJECT_ID)`, field);
  }
  return { instance, projectId };
}

/** The image an `id` argument names (the ModelArts id or a global id), with `projectId`/`region` overriding. */
function imageTarget(
  context: GatewayContext,
  args: { id: string; projectId?: string | null; region?: string | null },
): { instance: ModelArtsInstance; projectId: string; nativeId: string } {
  const ref = context.sources.refOf(args.id, PROVIDER, 'id');
  const region = args.region ?? (ref?.region || undefined);
  const { instance, projectId } = target(
    context,
    { region, projectId: args.projectId ?? (ref?.project || undefined) },
    'projectId',
  );
  return { instance, projectId, nativeId: ref?.nativeId ?? args.id };
}

export const modelArtsResolvers: Resolvers = {
  Query: {
    modelArtsImage: async (_root, args, context) => {
      const { instance, projectId, nativeId } = imageTarget(context, args);
      return instance.loadImage(context, {
        provider: PROVIDER,
        region: instance.config.region,
        project: projectId,
        nativeId,
      });
    },
  },
  Mutation: {
    registerModelArtsImage: async (_root, { input }, context) => {
      validateRegisterInput(input);
      const { instance, projectId } = target(context, input, 'input.projectId');
      const wire = await instance.apiFor(context).registerImage(projectId, {
        arch: input.arch ?? undefined,
        description: input.description ?? undefined,
        origin: input.origin ?? undefined,
        resource_category: input.resourceCategory ?? undefined,
        service_type: input.serviceType ?? undefined,
        services: input.services ?? undefined,
        swr_path: input.swrPath ?? undefined,
        visibility: input.visibility ?? undefined,
        workspace_id: input.workspaceId ?? undefined,
      });
      return { image: mapModelArtsImage(wire, { region: instance.config.region, projectId }) };
    },
    saveNotebookAsImage: async (_root, { input }, context) => {
      validateSaveNotebookInput(input);
      const { instance, projectId } = target(context, input, 'input.projectId');
      const wire = await instance.apiFor(context).createImageFromNotebook(projectId, input.notebookId, {
        description: input.description ?? undefined,
        name: input.name ?? undefined,
        namespace: input.namespace ?? undefined,
        tag: input.tag ?? undefined,
        workspace_id: input.workspaceId ?? undefined,
      });
      return { image: mapModelArtsImage(wire, { region: instance.config.region, projectId }) };
    },
    syncModelArtsImage: async (_root, args, context) => {
      const { instance, projectId, nativeId } = imageTarget(context, args);
      const wire = await instance.apiFor(context).syncImage(projectId, nativeId, 'id');
      // Later reads in this request see the corrected image, not one cached before.
      const key = { projectId, id: nativeId };
      context.loadersFor(instance).image.clear(key).prime(key, wire);
      return { image: mapModelArtsImage(wire, { region: instance.config.region, projectId }) };
    },
  },
};
