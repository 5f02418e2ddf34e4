// "Create IMS image": an image's metadata in IMS / Glance, without data yet
// (CreateImsImageInput: POST /v2/images; it starts QUEUED).

import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { CatalogCreateImsImageDocument, type ImageRowFragment, type ImsVisibility } from '../generated/graphql.js';
import { checkCreateImsImage, listOf, type FieldErrors } from '../validate.js';
import { focusFirstInvalid, serverFieldErrors } from './form-errors.js';
import { Checkbox, FormButtons, FormError, FormShell, SelectField, TextField } from './fields.js';

const FIELDS = [
  'name',
  'description',
  'diskFormat',
  'containerFormat',
  'minDisk',
  'minRam',
  'osVersion',
  'visibility',
  'tags',
];

export function CreateImsImageForm(props: { onDone: (image: ImageRowFragment | null) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [diskFormat, setDiskFormat] = useState('qcow2');
  const [containerFormat, setContainerFormat] = useState('bare');
  const [minDisk, setMinDisk] = useState('');
  const [minRam, setMinRam] = useState('');
  const [osVersion, setOsVersion] = useState('');
  const [isProtected, setProtected] = useState(false);
  const [visibility, setVisibility] = useState<ImsVisibility | ''>('PRIVATE');
  const [tags, setTags] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [{ fetching }, create] = useMutation(CatalogCreateImsImageDocument);
  const ref = useRef<HTMLDivElement>(null);

  async function submit() {
    const tagList = listOf(tags);
    const found = checkCreateImsImage({
      name,
      description,
      diskFormat,
      containerFormat,
      minDisk,
      minRam,
      tags: tagList,
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(ref.current);
    const result = await create({
      input: {
        name: name.trim(),
        description: description || undefined,
        diskFormat: diskFormat || undefined,
        containerFormat: containerFormat || undefined,
        minDisk: minDisk === '' ? undefined : Number(minDisk),
        minRam: minRam === '' ? undefined : Number(minRam),
        osVersion: osVersion.trim() || undefined,
        protected: isProtected,
        visibility: visibility || undefined,
        tags: tagList.length > 0 ? tagList : undefined,
      },
    });
    if (result.error) {
      setErrors(serverFieldErrors(result.error, FIELDS));
      return focusFirstInvalid(ref.current);
    }
    props.onDone(result.data?.createImsImage.image ?? null);
  }

  return (
    <div ref={ref}>
      <FormShell onSubmit={() => void submit()}>
        <FormError message={errors['']} />
        <TextField label="Name" required value={name} onChange={setName} error={errors.name} />
        <TextField
          label="Description"
          multiline
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
        <TextField
          label="Disk format"
          value={diskFormat}
          onChange={setDiskFormat}
          error={errors.diskFormat}
          hint="zvhd2, vhd, raw, qcow2, …"
        />
        <TextField
          label="Container format"
          value={containerFormat}
          onChange={setContainerFormat}
          error={errors.containerFormat}
        />
        <TextField label="Minimum disk (GB)" value={minDisk} onChange={setMinDisk} error={errors.minDisk} />
        <TextField label="Minimum memory (MB)" value={minRam} onChange={setMinRam} error={errors.minRam} />
        <TextField
          label="OS version"
          value={osVersion}
          onChange={setOsVersion}
          error={errors.osVersion}
          hint="e.g. Ubuntu 22.04 server 64bit"
        />
        <SelectField<ImsVisibility>
          label="Image visibility"
          value={visibility}
          onChange={setVisibility}
          emptyLabel="Not set"
          error={errors.visibility}
          options={[
            { value: 'PRIVATE', label: 'Private' },
            { value: 'SHARED', label: 'Shared' },
            { value: 'PUBLIC', label: 'Public' },
            { value: 'COMMUNITY', label: 'Community' },
          ]}
        />
        <TextField label="Tags" value={tags} onChange={setTags} error={errors.tags} hint="Separated by commas" />
        <Checkbox label="Protected (cannot be deleted)" checked={isProtected} onChange={setProtected} />
        <FormButtons submit="Create" busy={fetching} onCancel={props.onCancel} />
      </FormShell>
    </div>
  );
}
