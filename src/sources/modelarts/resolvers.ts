// ModelArts's Query and Mutation fields.

import type { GatewayContext } from '../../context.js';
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

export const modelArtsResolvers: Resolvers = {
  Query: {
    modelArtsImage: async (_root, args, context) => {
      // Accepts the ModelArts id or a global id of a ModelArts image.
      const ref = context.sources.refOf(args.id, PROVIDER, 'id');
      const region = args.region ?? (ref?.region || undefined);
      const { instance, projectId } = target(
        context,
        { region, projectId: args.projectId ?? (ref?.project || undefined) },
        'projectId',
      );
      return instance.loadImage(context, {
        provider: PROVIDER,
        region: instance.config.region,
        project: projectId,
        nativeId: ref?.nativeId ?? args.id,
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
  },
};
