// Wire types of IMS' native OpenStack (Glance v2) image API as the emulator
// stores and serves them (docs/vendor/002-ims-image-details.txt, docs/vendor-notes.md §3, glance-notes).
// Glance core fields are typed; Huawei `__` properties and any other property
// sit top-level beside them, every property value a string ("true", "64").

export interface ImsWireImage {
  id: string;
  name?: string | null;
  /** queued | saving | active | killed | deleted (| deactivated, pending_delete on Glance) */
  status?: string;
  /** public | private | shared | community */
  visibility?: string;
  owner?: string | null;
  protected?: boolean;
  container_format?: string | null;
  disk_format?: string | null;
  /** MB */
  min_ram?: number;
  /** GB */
  min_disk?: number;
  size?: number | null;
  virtual_size?: number | null;
  checksum?: string | null;
  /** ISO 8601, `YYYY-MM-DDTHH:mm:ssZ` */
  created_at?: string;
  updated_at?: string;
  tags?: string[];
  self?: string;
  file?: string;
  schema?: string;
  /** Huawei `__` properties and other properties: strings. */
  [property: string]: unknown;
}

/** `GET /v2/images` body. */
export interface ImsImageList {
  images: ImsWireImage[];
  first: string;
  schema: string;
  next?: string;
}

/** IMS' error body. */
export interface ImsErrorBody {
  error: { code: string; message: string };
}
