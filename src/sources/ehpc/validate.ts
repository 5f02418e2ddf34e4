// addEhpcImage's input, checked before any upstream call and turned into
// AddImage's parameters. Enums and required fields are GraphQL's business;
// what is left is what makes an image: the spec of its type (and none of the
// other), nothing blank, and a registry password that can be kept out of
// everything the gateway writes. Each failure names the input field, never
// its value.

import { badUserInput } from '../../errors.js';
import type { AddEhpcImageInput, EhpcImageType } from '../../generated/graphql.js';
import { MIN_SCRUBBED_LENGTH } from '../../request-secrets.js';
import type { EhpcAddImageParams } from './api.js';

function notBlank(value: string | null | undefined, field: string): void {
  if (value != null && value.trim() === '') throw badUserInput(`${field} must not be empty`, field);
}

/** A lone UTF-16 surrogate has no UTF-8 form: it cannot be sent. */
function wellFormed(value: string | null | undefined, field: string): void {
  if (value != null && /\p{Surrogate}/u.test(value)) {
    throw badUserInput(`${field} is not well-formed Unicode (a lone surrogate)`, field);
  }
}

function text(value: string | null | undefined, field: string): string | undefined {
  notBlank(value, field);
  wellFormed(value, field);
  return value ?? undefined;
}

/** The image's type: the one given, else the one its only spec says. */
function imageTypeOf(input: AddEhpcImageInput): EhpcImageType {
  if (input.imageType) return input.imageType;
  if (input.containerImageSpec && !input.vmImageSpec) return 'CONTAINER';
  if (input.vmImageSpec && !input.containerImageSpec) return 'VM';
  throw badUserInput(
    'input.imageType is needed: give VM with input.vmImageSpec, or CONTAINER with input.containerImageSpec',
    'input.imageType',
  );
}

/** Checks the input and returns AddImage's parameters, or throws BAD_USER_INPUT naming the field at fault. */
export function addImageParams(input: AddEhpcImageInput): EhpcAddImageParams {
  const name = text(input.name, 'input.name') ?? '';
  const type = imageTypeOf(input);
  const [own, other] =
    type === 'VM' ? (['vmImageSpec', 'containerImageSpec'] as const) : (['containerImageSpec', 'vmImageSpec'] as const);
  if (!input[own]) throw badUserInput(`input.${own} is required for a ${type} image`, `input.${own}`);
  if (input[other]) throw badUserInput(`input.${other} is not for a ${type} image`, `input.${other}`);
  const params: EhpcAddImageParams = {
    name,
    imageType: type === 'VM' ? 'VM' : 'Container',
    imageVersion: text(input.imageVersion, 'input.imageVersion'),
    description: text(input.description, 'input.description'),
  };
  if (input.vmImageSpec) {
    params.vmImageSpec = { ImageId: text(input.vmImageSpec.imageId, 'input.vmImageSpec.imageId') };
  }
  const container = input.containerImageSpec;
  if (container) {
    const credential = container.registryCredential;
    const field = 'input.containerImageSpec.registryCredential';
    const password = credential?.password;
    if (password != null && password.length < MIN_SCRUBBED_LENGTH) {
      // Shorter values cannot be told apart from ordinary text, so they could not be kept out of logs and errors.
      throw badUserInput(`${field}.password must be at least ${MIN_SCRUBBED_LENGTH} characters`, `${field}.password`);
    }
    wellFormed(password, `${field}.password`);
    if (password != null && !credential?.userName) {
      throw badUserInput(`${field}.userName is required with a password`, `${field}.userName`);
    }
    params.containerImageSpec = {
      RegistryUrl: text(container.registryUrl, 'input.containerImageSpec.registryUrl'),
      IsACRRegistry: container.isAcrRegistry ?? undefined,
      IsACREnterprise: container.isAcrEnterprise ?? undefined,
      RegistryCriId: text(container.registryCriId, 'input.containerImageSpec.registryCriId'),
      RegistryCredential: credential
        ? {
            Server: text(credential.server, `${field}.server`),
            UserName: text(credential.userName, `${field}.userName`),
            Password: password ?? undefined,
          }
        : undefined,
    };
  }
  return params;
}
