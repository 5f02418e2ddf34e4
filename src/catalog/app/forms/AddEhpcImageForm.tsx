// "Add E-HPC image": a custom image added to E-HPC Instant (AddEhpcImageInput,
// AddImage). The registry password is write-only: a password input, sent once
// in the mutation's variables and cleared from this form's state right after,
// whatever the answer; the gateway never returns it (hasPassword says one is set).

import { useRef, useState } from 'react';
import { useClient } from 'urql';
import { CatalogAddEhpcImageDocument, type EhpcImageType, type ImageRowFragment } from '../generated/graphql.js';
import { checkAddEhpcImage, type FieldErrors } from '../validate.js';
import { focusFirstInvalid, serverFieldErrors } from './form-errors.js';
import { Checkbox, FormButtons, FormError, FormShell, SelectField, TextField } from './fields.js';

const FIELDS = [
  'name',
  'imageType',
  'imageVersion',
  'description',
  'imageId',
  'registryUrl',
  'isAcrRegistry',
  'registryCriId',
  'server',
  'userName',
  'password',
];

export function AddEhpcImageForm(props: { onDone: (image: ImageRowFragment | null) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [imageType, setImageType] = useState<EhpcImageType>('VM');
  const [imageVersion, setImageVersion] = useState('');
  const [description, setDescription] = useState('');
  const [imageId, setImageId] = useState('');
  const [registryUrl, setRegistryUrl] = useState('');
  const [isAcrRegistry, setAcrRegistry] = useState(false);
  const [registryCriId, setRegistryCriId] = useState('');
  const [server, setServer] = useState('');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  // Not useMutation: its state would keep the last operation, variables and password included.
  const client = useClient();
  const [fetching, setFetching] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  async function submit() {
    const found = checkAddEhpcImage({ name, imageType, imageId, registryUrl, password });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(ref.current);
    const credential =
      server || userName || password
        ? { server: server || undefined, userName: userName || undefined, password: password || undefined }
        : undefined;
    // The password leaves this form's state now: the request holds the only copy.
    setPassword('');
    setFetching(true);
    const result = await client
      .mutation(CatalogAddEhpcImageDocument, {
        input: {
          name: name.trim(),
          imageType,
          imageVersion: imageVersion.trim() || undefined,
          description: description || undefined,
          ...(imageType === 'VM'
            ? { vmImageSpec: { imageId: imageId.trim() } }
            : {
                containerImageSpec: {
                  registryUrl: registryUrl.trim(),
                  isAcrRegistry,
                  registryCriId: registryCriId.trim() || undefined,
                  registryCredential: credential,
                },
              }),
        },
      })
      .toPromise();
    setFetching(false);
    if (result.error) {
      setErrors(serverFieldErrors(result.error, FIELDS));
      return focusFirstInvalid(ref.current);
    }
    props.onDone(result.data?.addEhpcImage.image ?? null);
  }

  return (
    <div ref={ref}>
      <FormShell onSubmit={() => void submit()}>
        <FormError message={errors['']} />
        <TextField label="Name" required value={name} onChange={setName} error={errors.name} />
        <SelectField
          label="Image type"
          value={imageType}
          onChange={(value) => setImageType(value || 'VM')}
          error={errors.imageType}
          options={[
            { value: 'VM', label: 'Virtual machine (ECS image)' },
            { value: 'CONTAINER', label: 'Container (registry image)' },
          ]}
        />
        <TextField label="Image version" value={imageVersion} onChange={setImageVersion} error={errors.imageVersion} />
        <TextField
          label="Description"
          multiline
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
        {imageType === 'VM' ? (
          <TextField
            label="ECS image ID"
            required
            value={imageId}
            onChange={setImageId}
            error={errors.imageId}
            hint="e.g. m-bp1akkkr1rkxtb******"
          />
        ) : (
          <>
            <TextField
              label="Registry URL"
              required
              value={registryUrl}
              onChange={setRegistryUrl}
              error={errors.registryUrl}
            />
            <Checkbox
              label="Stored in Alibaba Cloud Container Registry (ACR)"
              checked={isAcrRegistry}
              onChange={setAcrRegistry}
            />
            <TextField
              label="ACR Enterprise instance ID"
              value={registryCriId}
              onChange={setRegistryCriId}
              error={errors.registryCriId}
            />
            <TextField label="Registry server" value={server} onChange={setServer} error={errors.server} />
            <TextField label="Registry user name" value={userName} onChange={setUserName} error={errors.userName} />
            <TextField
              label="Registry password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              error={errors.password}
              hint="Sent once, never shown again"
            />
          </>
        )}
        <FormButtons submit="Add" busy={fetching} onCancel={props.onCancel} />
      </FormShell>
    </div>
  );
}
