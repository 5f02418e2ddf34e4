// Seed data of the ModelArts emulator: the three images of the vendor pages,
// verbatim, plus a handful of realistic ones covering the enums the pages list
// (AARCH64, PUBLIC, DEV, BUILD_IN, CREATE_FAILED, a non-default workspace), and
// the notebook instances the save-as-image call can be tried on.

import type { ModelArtsNotebook, ModelArtsWireImage } from './types.js';

/** The documented example of "Obtaining Details of an Image" (GET /v1/{project_id}/images/{id}), verbatim. */
const DOC_IMAGE_DETAILS: Readonly<ModelArtsWireImage> = Object.freeze({
  arch: 'x86_64',
  create_at: 1638234504492,
  description: 'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch1.8',
  dev_services: ['NOTEBOOK', 'SSH'],
  id: '278e88d1-5b71-4766-8502-b3ba72e824d9',
  name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
  resource_categories: ['GPU', 'CPU'],
  service_type: 'COMMON',
  status: 'ACTIVE',
  swr_path: 'swr.xxx.com/atelier/pytorch_1_8:pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e',
  tag: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64-20220926104358-041ba2e',
  type: 'BUILD_IN',
  update_at: 1638234504492,
  workspace_id: '0',
});

/** The documented example response of "Registering a Custom Image" (POST /v1/{project_id}/images), verbatim. */
const DOC_IMAGE_REGISTERED: Readonly<ModelArtsWireImage> = Object.freeze({
  arch: 'x86_64',
  create_at: 1671708630448,
  description: '',
  dev_services: ['NOTEBOOK', 'SSH'],
  id: '708ca95d-c601-4dc7-86b9-670adfd5e818',
  name: 'pytorch_1_8',
  namespace: 'op_svc_modelarts_container2',
  origin: 'CUSTOMIZE',
  resource_categories: ['CPU'],
  service_type: 'UNKNOWN',
  size: 3376133259,
  status: 'ACTIVE',
  swr_path: 'swr.xxx.com/op_svc_modelarts_container2/pytorch_1_8:train-pytorch_1.8.0-cuda_10.2-py_3.7',
  tag: 'train-pytorch_1.8.0-cuda_10.2-py_3.7',
  type: 'DEDICATED',
  update_at: 1671708630448,
  visibility: 'PRIVATE',
  workspace_id: '0',
});

/**
 * The documented example response of "Saving a Running Instance as a Container
 * Image", verbatim — status INIT included. It is seeded as a static snapshot: no
 * save is in progress for it in the emulator, so it stays INIT (useful as the
 * documented non-ACTIVE example) until a sync corrects it (handlers/sync-image.ts);
 * images saved through the API do progress.
 */
const DOC_IMAGE_SAVED: Readonly<ModelArtsWireImage> = Object.freeze({
  arch: 'x86_64',
  create_at: 1671786468811,
  description: 'notebook2.0 20200816',
  dev_services: ['SSH', 'NOTEBOOK'],
  id: '4e0d1854-63e5-4517-b683-a0ee97a692a1',
  name: 'pytorch1_4',
  namespace: 'atelier-auto',
  origin: 'IMAGE_SAVE',
  resource_categories: ['CPU', 'GPU'],
  service_type: 'TRAIN',
  status: 'INIT',
  swr_path: 'swr.xxxxx.com/atelier-auto/pytorch1_4:20221223',
  tag: '20221223',
  type: 'DEDICATED',
  update_at: 1671786468811,
  visibility: 'PRIVATE',
  workspace_id: '0',
});

const EXTRA_IMAGES: ReadonlyArray<Readonly<ModelArtsWireImage>> = [
  {
    arch: 'aarch64',
    create_at: 1661234567890,
    description: 'Ascend 910 development and training, preconfigured with MindSpore 1.8.1 and CANN 5.1',
    dev_services: ['NOTEBOOK', 'SSH'],
    id: 'b1a3e9d2-7c44-4f0e-9a51-3d2f8e6c1a07',
    name: 'mindspore1.8.1-cann5.1-py3.7-euler2.8.3',
    namespace: 'atelier',
    origin: 'CUSTOMIZE',
    resource_categories: ['ASCEND'],
    service_type: 'COMMON',
    size: 9437184,
    status: 'ACTIVE',
    status_message: '',
    support_res_categories: ['ASCEND'],
    swr_path:
      'swr.cn-north-4.myhuaweicloud.com/atelier/mindspore_1_8_1:mindspore_1.8.1-cann_5.1.rc2-py_3.7-euler_2.8.3-aarch64-d910-20220715',
    tag: 'mindspore_1.8.1-cann_5.1.rc2-py_3.7-euler_2.8.3-aarch64-d910-20220715',
    type: 'BUILD_IN',
    update_at: 1661234567890,
    visibility: 'PUBLIC',
    workspace_id: '0',
  },
  {
    arch: 'x86_64',
    create_at: 1664870400000,
    description: 'TensorFlow 2.6 GPU image for training jobs',
    dev_services: ['NOTEBOOK', 'SSH'],
    id: 'c7f0d5a8-2e19-4b6d-8f3a-91e4b7c2d650',
    name: 'tensorflow2.6.0-cuda11.2-cudnn8-ubuntu18.04',
    namespace: 'atelier',
    origin: 'CUSTOMIZE',
    resource_categories: ['GPU'],
    service_type: 'TRAIN',
    size: 7340032,
    status: 'ACTIVE',
    support_res_categories: ['GPU'],
    swr_path:
      'swr.cn-north-4.myhuaweicloud.com/atelier/tensorflow_2_6:tensorflow_2.6.0-cuda_11.2-py_3.7-ubuntu_18.04-x86_64-20221008',
    tag: 'tensorflow_2.6.0-cuda_11.2-py_3.7-ubuntu_18.04-x86_64-20221008',
    type: 'BUILD_IN',
    update_at: 1665475200000,
    visibility: 'PUBLIC',
    workspace_id: '0',
  },
  {
    arch: 'x86_64',
    create_at: 1690000000000,
    description: 'Team dev image: conda py3.9, jupyterlab extensions',
    dev_services: ['NOTEBOOK', 'SSH'],
    id: 'd24e6b1f-93c8-4a5e-b7d0-6f1a2c9e8b34',
    name: 'team-dev-conda',
    namespace: 'ml-team',
    origin: 'IMAGE_SAVE',
    resource_categories: ['CPU', 'GPU'],
    service_type: 'DEV',
    size: 5872025,
    status: 'ACTIVE',
    status_message: 'Image saved successfully.',
    support_res_categories: ['CPU', 'GPU'],
    swr_path: 'swr.cn-north-4.myhuaweicloud.com/ml-team/team-dev-conda:v3',
    tag: 'v3',
    type: 'DEDICATED',
    update_at: 1690000421000,
    visibility: 'PRIVATE',
    workspace_id: '0',
  },
  {
    arch: 'x86_64',
    create_at: 1695555555000,
    description: 'Serving image for the ranking model, shared read-only by ID',
    dev_services: ['NOTEBOOK'],
    id: 'e8b5c2d7-41fa-4e93-a06c-5d7e9f3b2a18',
    name: 'ranker-serving',
    namespace: 'ml-team',
    origin: 'CUSTOMIZE',
    resource_categories: ['CPU'],
    service_type: 'INFERENCE',
    size: 2147483,
    status: 'ACTIVE',
    support_res_categories: ['CPU'],
    swr_path: 'swr.cn-north-4.myhuaweicloud.com/ml-team/ranker-serving:2.4.1',
    tag: '2.4.1',
    type: 'DEDICATED',
    update_at: 1695555555000,
    visibility: 'PUBLIC',
    workspace_id: '0',
  },
  {
    arch: 'aarch64',
    create_at: 1700100000000,
    description: 'Saved from an Ascend notebook; push to SWR failed',
    dev_services: ['NOTEBOOK', 'SSH'],
    id: 'f3c9a7e1-58d2-4b0f-8e6a-2b4d1c7f9e05',
    name: 'ascend-exp',
    namespace: 'ml-team',
    origin: 'IMAGE_SAVE',
    resource_categories: ['ASCEND'],
    service_type: 'DEV',
    status: 'CREATE_FAILED',
    status_message: 'Failed to push the image to SWR: the organization quota is exhausted.',
    support_res_categories: ['ASCEND'],
    swr_path: 'swr.cn-north-4.myhuaweicloud.com/ml-team/ascend-exp:20231116',
    tag: '20231116',
    type: 'DEDICATED',
    update_at: 1700100913000,
    visibility: 'PRIVATE',
    workspace_id: '0',
  },
  {
    arch: 'x86_64',
    create_at: 1705300000000,
    description: 'Workspace-scoped image of the CV group',
    dev_services: ['NOTEBOOK', 'SSH'],
    id: '0a6d4f2b-c3e8-4917-b5a2-7e1f9d8c6b43',
    name: 'cv-detectron2',
    namespace: 'cv-group',
    origin: 'CUSTOMIZE',
    resource_categories: ['GPU'],
    service_type: 'UNKNOWN',
    size: 12582912,
    status: 'ACTIVE',
    support_res_categories: ['GPU'],
    swr_path: 'swr.cn-north-4.myhuaweicloud.com/cv-group/cv-detectron2:0.6-cu113',
    tag: '0.6-cu113',
    type: 'DEDICATED',
    update_at: 1705300000000,
    visibility: 'PRIVATE',
    workspace_id: '3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b',
  },
];

/** A private image of the project that GraphiQL's DeleteImage example deletes (no other example reads it). */
const SCRATCH_IMAGE: Readonly<ModelArtsWireImage> = Object.freeze({
  arch: 'x86_64',
  create_at: 1677628800000,
  description: 'A scratch image: delete it (the DeleteImage example does).',
  dev_services: ['NOTEBOOK'],
  id: '5b2f8c1e-9d47-4a6b-b3e0-7c1d2f4a9e68',
  name: 'scratch-delete-me',
  namespace: 'scratch',
  origin: 'CUSTOMIZE',
  resource_categories: ['CPU'],
  service_type: 'DEV',
  size: 1048576,
  status: 'ACTIVE',
  support_res_categories: ['CPU'],
  swr_path: 'swr.cn-north-4.myhuaweicloud.com/scratch/scratch-delete-me:1',
  tag: '1',
  type: 'DEDICATED',
  update_at: 1677628800000,
  visibility: 'PRIVATE',
  workspace_id: '0',
});

/** The notebook instances the emulator starts with (save-as-image targets). */
const SEED_NOTEBOOKS: ReadonlyArray<Readonly<ModelArtsNotebook>> = [
  {
    id: '6a0f5e3c-2b8d-4c71-9e46-1d7b3f2a8c90',
    arch: 'x86_64',
    resource_categories: ['CPU', 'GPU'],
    service_type: 'TRAIN',
    dev_services: ['SSH', 'NOTEBOOK'],
  },
  {
    id: '9c4e2a7b-5d1f-4e38-a6b0-3f8c1d9e7a25',
    arch: 'aarch64',
    resource_categories: ['ASCEND'],
    service_type: 'DEV',
    dev_services: ['NOTEBOOK', 'SSH'],
  },
  {
    id: '1e7b9d3a-6c2f-4a85-b0d4-8f5e2c1a7b69',
    arch: 'x86_64',
    resource_categories: ['CPU'],
    service_type: 'COMMON',
    dev_services: ['NOTEBOOK'],
  },
];

export function seedImages(): ModelArtsWireImage[] {
  return [DOC_IMAGE_DETAILS, DOC_IMAGE_REGISTERED, DOC_IMAGE_SAVED, ...EXTRA_IMAGES, SCRATCH_IMAGE].map((i) =>
    structuredClone(i),
  );
}

export function seedNotebooks(): ModelArtsNotebook[] {
  return SEED_NOTEBOOKS.map((n) => structuredClone(n));
}

/** The ids the default seed holds. */
export const MODELARTS_SEED = Object.freeze({
  imageIds: Object.freeze({
    /** 000 "Obtaining Details of an Image" example: BUILD_IN, COMMON, no size/namespace/visibility in the doc. */
    docDetails: DOC_IMAGE_DETAILS.id,
    /** 001 "Registering a Custom Image" example: size 3376133259 KB (> 2^31). */
    docRegistered: DOC_IMAGE_REGISTERED.id,
    /** 004 "Saving a Running Instance" example: IMAGE_SAVE, status INIT (static; a sync makes it ACTIVE). */
    docSaved: DOC_IMAGE_SAVED.id,
    /** BUILD_IN, PUBLIC, AARCH64, ASCEND. */
    mindsporeAarch64: 'b1a3e9d2-7c44-4f0e-9a51-3d2f8e6c1a07',
    /** BUILD_IN, PUBLIC, TRAIN, GPU. */
    tensorflowTrain: 'c7f0d5a8-2e19-4b6d-8f3a-91e4b7c2d650',
    /** DEDICATED, DEV, IMAGE_SAVE. */
    teamDev: 'd24e6b1f-93c8-4a5e-b7d0-6f1a2c9e8b34',
    /** DEDICATED, PUBLIC, INFERENCE. */
    rankerInference: 'e8b5c2d7-41fa-4e93-a06c-5d7e9f3b2a18',
    /** DEDICATED, CREATE_FAILED with a status_message, AARCH64. */
    createFailed: 'f3c9a7e1-58d2-4b0f-8e6a-2b4d1c7f9e05',
    /** DEDICATED in workspace 3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b. */
    workspaceScoped: '0a6d4f2b-c3e8-4917-b5a2-7e1f9d8c6b43',
    /** DEDICATED, PRIVATE: GraphiQL's DeleteImage example deletes it. */
    scratch: SCRATCH_IMAGE.id,
  }),
  /** Notebook instances that exist: [x86_64 CPU+GPU TRAIN, aarch64 ASCEND DEV, x86_64 CPU COMMON]. */
  notebookIds: Object.freeze(SEED_NOTEBOOKS.map((n) => n.id)),
  imageCount: 4 + EXTRA_IMAGES.length,
});
