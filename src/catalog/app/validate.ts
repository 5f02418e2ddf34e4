// The checks the catalog's forms make before sending, the same the gateway
// and the vendors make (src/sources/*/validate.ts, docs/vendor/): a person
// learns at the field, not after a round trip. The server checks again; what
// it refuses is shown at the field too (see errors.ts).

/** Field name (as in the mutation's input) → what is wrong with it. */
export type FieldErrors = Partial<Record<string, string>>;

/** ModelArts: "a maximum of 512 characters" (description, name), counted in characters. */
const MAX_TEXT = 512;

/**
 * An SWR image address as ModelArts registers it: `{registry}/{organization}/{repository}[:tag]`,
 * e.g. `swr.cn-north-4.myhuaweicloud.com/my-org/pytorch:2.1`. Organization: lower-case letters,
 * digits, `.`, `_`, `-`; repository may nest (`a/b`); tag: letters, digits, `.`, `_`, `-`, at most 128.
 */
const SWR_PATH =
  /^[A-Za-z0-9.-]+(:\d+)?\/[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?$/;

/** ModelArts image name (save as image): lowercase letters, digits, `-`, `_` and `.`. */
const MODELARTS_IMAGE_NAME = /^[a-z0-9._-]+$/;
/** ModelArts tag: letters, digits, `-`, `_` and `.`, at most 64. */
const MODELARTS_TAG = /^[A-Za-z0-9._-]{1,64}$/;
/** Glance disk and container formats: a lower-case word of at most 20 characters. */
const GLANCE_FORMAT = /^[a-z0-9][a-z0-9_-]{0,19}$/;

const length = (text: string) => [...text].length;

export function checkRegisterModelArtsImage(input: { swrPath: string; description: string; workspaceId: string }) {
  const errors: FieldErrors = {};
  if (input.swrPath.trim() === '') errors.swrPath = 'Enter the SWR path of the image.';
  else if (!SWR_PATH.test(input.swrPath.trim())) {
    errors.swrPath = 'Use the form registry/organization/repository:tag, e.g. swr.example.com/my-org/pytorch:2.1.';
  }
  if (length(input.description) > MAX_TEXT) errors.description = `At most ${MAX_TEXT} characters.`;
  if (input.workspaceId !== '' && input.workspaceId.trim() === '')
    errors.workspaceId = 'Leave it empty or enter an ID.';
  return errors;
}

export function checkSaveNotebook(input: { notebookId: string; name: string; tag: string; description: string }) {
  const errors: FieldErrors = {};
  if (input.notebookId.trim() === '') errors.notebookId = 'Enter the ID of a running notebook instance.';
  if (length(input.name) > MAX_TEXT) errors.name = `At most ${MAX_TEXT} characters.`;
  else if (input.name !== '' && !MODELARTS_IMAGE_NAME.test(input.name)) {
    errors.name = 'Only lowercase letters, digits, "-", "_" and ".".';
  }
  if (input.tag !== '' && !MODELARTS_TAG.test(input.tag)) {
    errors.tag = 'At most 64 letters, digits, "-", "_" and ".".';
  }
  if (length(input.description) > MAX_TEXT) errors.description = `At most ${MAX_TEXT} characters.`;
  return errors;
}

export function checkCreateImsImage(input: {
  name: string;
  description: string;
  diskFormat: string;
  containerFormat: string;
  minDisk: string;
  minRam: string;
  tags: string[];
}) {
  const errors: FieldErrors = {};
  if (input.name.trim() === '') errors.name = 'Enter a name.';
  else if (length(input.name) > 255) errors.name = 'At most 255 characters.';
  if (length(input.description) > 1024) errors.description = 'At most 1024 characters.';
  if (input.diskFormat !== '' && !GLANCE_FORMAT.test(input.diskFormat)) {
    errors.diskFormat = 'A lower-case word of at most 20 characters, e.g. qcow2.';
  }
  if (input.containerFormat !== '' && !GLANCE_FORMAT.test(input.containerFormat)) {
    errors.containerFormat = 'A lower-case word of at most 20 characters, e.g. bare.';
  }
  if (input.minDisk !== '' && !isIntegerIn(input.minDisk, 0, 1024)) errors.minDisk = 'A whole number of GB, 0–1024.';
  if (input.minRam !== '' && !isIntegerIn(input.minRam, 0, 2 ** 31 - 1))
    errors.minRam = 'A whole number of MB, 0 or more.';
  if (input.tags.some((tag) => tag.includes('/') || length(tag) > 255)) {
    errors.tags = 'Each tag: at most 255 characters, no "/".';
  }
  return errors;
}

export function checkAddEhpcImage(input: {
  name: string;
  imageType: 'VM' | 'CONTAINER';
  imageId: string;
  registryUrl: string;
  password: string;
}) {
  const errors: FieldErrors = {};
  if (input.name.trim() === '') errors.name = 'Enter a name.';
  if (input.imageType === 'VM' && input.imageId.trim() === '') errors.imageId = 'Enter the ECS image ID.';
  if (input.imageType === 'CONTAINER' && input.registryUrl.trim() === '') {
    errors.registryUrl = 'Enter the registry URL of the container image.';
  }
  if (input.password !== '' && length(input.password) < 4) errors.password = 'At least 4 characters.';
  return errors;
}

function isIntegerIn(text: string, min: number, max: number): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return n >= min && n <= max;
}

/** Comma- or newline-separated words, trimmed, empty ones dropped. */
export function listOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}
