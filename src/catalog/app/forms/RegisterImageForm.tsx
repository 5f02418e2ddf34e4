// "Register image": a ModelArts custom image from SWR
// (RegisterModelArtsImageInput; docs/vendor/001-modelarts-register-image.txt).

import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import {
  CatalogRegisterModelArtsImageDocument,
  type ImageRowFragment,
  type ModelArtsArch,
  type ModelArtsDevService,
  type ModelArtsImageOrigin,
  type ModelArtsResourceCategory,
  type ModelArtsServiceType,
  type ModelArtsVisibility,
} from '../generated/graphql.js';
import { checkRegisterModelArtsImage, type FieldErrors } from '../validate.js';
import { focusFirstInvalid, serverFieldErrors } from './form-errors.js';
import { CheckboxGroup, FormButtons, FormError, FormShell, SelectField, TextField } from './fields.js';

const FIELDS = [
  'swrPath',
  'description',
  'arch',
  'origin',
  'resourceCategory',
  'serviceType',
  'services',
  'visibility',
  'workspaceId',
];

export function RegisterImageForm(props: { onDone: (image: ImageRowFragment | null) => void; onCancel: () => void }) {
  const [swrPath, setSwrPath] = useState('');
  const [description, setDescription] = useState('');
  const [arch, setArch] = useState<ModelArtsArch | ''>('X86_64');
  const [origin, setOrigin] = useState<ModelArtsImageOrigin | ''>('CUSTOMIZE');
  const [resourceCategory, setResourceCategory] = useState<ModelArtsResourceCategory[]>(['CPU']);
  const [serviceType, setServiceType] = useState<ModelArtsServiceType | ''>('');
  const [services, setServices] = useState<ModelArtsDevService[]>([]);
  const [visibility, setVisibility] = useState<ModelArtsVisibility | ''>('PRIVATE');
  const [workspaceId, setWorkspaceId] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [{ fetching }, register] = useMutation(CatalogRegisterModelArtsImageDocument);
  const ref = useRef<HTMLDivElement>(null);

  async function submit() {
    const found = checkRegisterModelArtsImage({ swrPath, description, workspaceId });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(ref.current);
    const result = await register({
      input: {
        swrPath: swrPath.trim(),
        description: description || undefined,
        arch: arch || undefined,
        origin: origin || undefined,
        resourceCategory: resourceCategory.length > 0 ? resourceCategory : undefined,
        serviceType: serviceType || undefined,
        services: services.length > 0 ? services : undefined,
        visibility: visibility || undefined,
        workspaceId: workspaceId.trim() || undefined,
      },
    });
    if (result.error) {
      setErrors(serverFieldErrors(result.error, FIELDS));
      return focusFirstInvalid(ref.current);
    }
    props.onDone(result.data?.registerModelArtsImage.image ?? null);
  }

  return (
    <div ref={ref}>
      <FormShell onSubmit={() => void submit()}>
        <FormError message={errors['']} />
        <TextField
          label="SWR path"
          required
          value={swrPath}
          onChange={setSwrPath}
          error={errors.swrPath}
          hint="registry/organization/repository:tag"
        />
        <TextField
          label="Description"
          multiline
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
        <SelectField<ModelArtsArch>
          label="Processor architecture"
          value={arch}
          onChange={setArch}
          emptyLabel="Not set"
          error={errors.arch}
          options={[
            { value: 'X86_64', label: 'x86_64' },
            { value: 'AARCH64', label: 'aarch64' },
          ]}
        />
        <SelectField<ModelArtsImageOrigin>
          label="Origin"
          value={origin}
          onChange={setOrigin}
          emptyLabel="Not set"
          error={errors.origin}
          options={[
            { value: 'CUSTOMIZE', label: 'Custom image' },
            { value: 'IMAGE_SAVE', label: 'Saved from a notebook' },
          ]}
        />
        <CheckboxGroup
          label="Resource categories"
          values={resourceCategory}
          onChange={setResourceCategory}
          error={errors.resourceCategory}
          options={[
            { value: 'CPU', label: 'CPU' },
            { value: 'GPU', label: 'GPU' },
            { value: 'ASCEND', label: 'Ascend' },
          ]}
        />
        <SelectField<ModelArtsServiceType>
          label="Service type"
          value={serviceType}
          onChange={setServiceType}
          emptyLabel="Not set"
          error={errors.serviceType}
          options={[
            { value: 'COMMON', label: 'Common' },
            { value: 'INFERENCE', label: 'Inference' },
            { value: 'TRAIN', label: 'Training' },
            { value: 'DEV', label: 'Development' },
            { value: 'UNKNOWN', label: 'Unknown' },
          ]}
        />
        <CheckboxGroup
          label="Services"
          values={services}
          onChange={setServices}
          error={errors.services}
          options={[
            { value: 'NOTEBOOK', label: 'Notebook (HTTPS)' },
            { value: 'SSH', label: 'SSH' },
          ]}
        />
        <SelectField<ModelArtsVisibility>
          label="Image visibility"
          value={visibility}
          onChange={setVisibility}
          emptyLabel="Not set"
          error={errors.visibility}
          options={[
            { value: 'PRIVATE', label: 'Private' },
            { value: 'PUBLIC', label: 'Public' },
          ]}
        />
        <TextField
          label="Workspace ID"
          value={workspaceId}
          onChange={setWorkspaceId}
          error={errors.workspaceId}
          hint="0 when no workspaces are available"
        />
        <FormButtons submit="Register" busy={fetching} onCancel={props.onCancel} />
      </FormShell>
    </div>
  );
}
