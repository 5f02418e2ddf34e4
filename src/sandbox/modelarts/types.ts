// Wire types of the ModelArts image API as the emulator stores and serves them,
// written from the vendor pages (000, 001, 004): snake_case, epoch-ms times,
// size in KB (may exceed 2^31), every field optional except id — the documented
// examples themselves leave some out.

export interface ModelArtsWireImage {
  /** X86_64 | AARCH64 on the enum; the documented examples send `x86_64`. */
  arch?: string;
  /** Creation time, UTC epoch ms. */
  create_at?: number;
  description?: string;
  /** NOTEBOOK | SSH */
  dev_services?: string[];
  id: string;
  name?: string;
  namespace?: string;
  /** CUSTOMIZE | IMAGE_SAVE */
  origin?: string;
  /** CPU | GPU | ASCEND */
  resource_categories?: string[];
  /** COMMON | INFERENCE | TRAIN | DEV | UNKNOWN */
  service_type?: string;
  /** KB. */
  size?: number;
  /** INIT | CREATING | CREATE_FAILED | ERROR | DELETED | ACTIVE */
  status?: string;
  status_message?: string;
  support_res_categories?: string[];
  swr_path?: string;
  tag?: string;
  /** BUILD_IN | DEDICATED */
  type?: string;
  update_at?: number;
  /** PRIVATE | PUBLIC */
  visibility?: string;
  workspace_id?: string;
  [extra: string]: unknown;
}

/** A notebook instance the emulator knows; a saved image inherits these. */
export interface ModelArtsNotebook {
  id: string;
  arch?: string;
  resource_categories?: string[];
  service_type?: string;
  dev_services?: string[];
}

/** `{current, data, pages, size, total}` of ListImage. */
export interface ModelArtsImageList {
  current: number;
  data: ModelArtsWireImage[];
  pages: number;
  size: number;
  total: number;
}

/** ModelArts' own error body. */
export interface ModelArtsErrorBody {
  error_code: string;
  error_msg: string;
}
