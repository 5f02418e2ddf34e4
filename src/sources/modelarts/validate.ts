// Input checks for the ModelArts mutations, from the documented constraints,
// done before any upstream call. Enums are already checked by GraphQL; what is
// left are lengths and character sets. Each failure names the input field.

import { badUserInput } from '../../errors.js';
import type { RegisterModelArtsImageInput, SaveNotebookAsImageInput } from '../../generated/graphql.js';

/** "a maximum of 512 characters" (description, name). */
const MAX_TEXT_LENGTH = 512;
/** "a maximum of 64 characters" (tag). */
const MAX_TAG_LENGTH = 64;
/** Image name: "lowercase letters, digits, hyphens (-), underscores (_), and periods (.)". */
const IMAGE_NAME_PATTERN = /^[a-z0-9._-]+$/;
/** Tag: "letters, digits, hyphens (-), underscores (_), and period (.)". */
const TAG_PATTERN = /^[A-Za-z0-9._-]+$/;

function maxLength(value: string | null | undefined, max: number, field: string): void {
  // Count code points, as a person counts characters (an emoji is one).
  if (value != null && [...value].length > max) {
    throw badUserInput(`${field} must be at most ${max} characters (got ${[...value].length})`, field);
  }
}

function pattern(value: string | null | undefined, re: RegExp, rule: string, field: string): void {
  if (value != null && !re.test(value)) throw badUserInput(`${field} may contain only ${rule}`, field);
}

function notBlank(value: string | null | undefined, field: string): void {
  if (value != null && value.trim() === '') throw badUserInput(`${field} must not be empty`, field);
}

export function validateRegisterInput(input: RegisterModelArtsImageInput): void {
  maxLength(input.description, MAX_TEXT_LENGTH, 'input.description');
  notBlank(input.swrPath, 'input.swrPath');
  maxLength(input.swrPath, 1024, 'input.swrPath');
  notBlank(input.workspaceId, 'input.workspaceId');
  notBlank(input.projectId, 'input.projectId');
}

export function validateSaveNotebookInput(input: SaveNotebookAsImageInput): void {
  notBlank(input.notebookId, 'input.notebookId');
  maxLength(input.name, MAX_TEXT_LENGTH, 'input.name');
  pattern(input.name, IMAGE_NAME_PATTERN, 'lowercase letters, digits, "-", "_" and "."', 'input.name');
  maxLength(input.description, MAX_TEXT_LENGTH, 'input.description');
  maxLength(input.tag, MAX_TAG_LENGTH, 'input.tag');
  pattern(input.tag, TAG_PATTERN, 'letters, digits, "-", "_" and "."', 'input.tag');
  notBlank(input.namespace, 'input.namespace');
  notBlank(input.workspaceId, 'input.workspaceId');
  notBlank(input.projectId, 'input.projectId');
}
