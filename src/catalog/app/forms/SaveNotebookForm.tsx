// "Save notebook as image": a running ModelArts notebook instance saved as an
// image (SaveNotebookAsImageInput; docs/vendor/004-modelarts-save-notebook-image.txt).
// The save takes a while: the new row is watched live until it is ACTIVE.

import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { CatalogSaveNotebookAsImageDocument, type ImageRowFragment } from '../generated/graphql.js';
import { checkSaveNotebook, type FieldErrors } from '../validate.js';
import { focusFirstInvalid, serverFieldErrors } from './form-errors.js';
import { FormButtons, FormError, FormShell, TextField } from './fields.js';

const FIELDS = ['notebookId', 'name', 'tag', 'namespace', 'description', 'workspaceId'];

export function SaveNotebookForm(props: { onDone: (image: ImageRowFragment | null) => void; onCancel: () => void }) {
  const [notebookId, setNotebookId] = useState('');
  const [name, setName] = useState('');
  const [tag, setTag] = useState('');
  const [namespace, setNamespace] = useState('');
  const [description, setDescription] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [{ fetching }, save] = useMutation(CatalogSaveNotebookAsImageDocument);
  const ref = useRef<HTMLDivElement>(null);

  async function submit() {
    const found = checkSaveNotebook({ notebookId, name, tag, description });
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(ref.current);
    const result = await save({
      input: {
        notebookId: notebookId.trim(),
        name: name || undefined,
        tag: tag || undefined,
        namespace: namespace.trim() || undefined,
        description: description || undefined,
        workspaceId: workspaceId.trim() || undefined,
      },
    });
    if (result.error) {
      setErrors(serverFieldErrors(result.error, FIELDS));
      return focusFirstInvalid(ref.current);
    }
    props.onDone(result.data?.saveNotebookAsImage.image ?? null);
  }

  return (
    <div ref={ref}>
      <FormShell onSubmit={() => void submit()}>
        <FormError message={errors['']} />
        <TextField label="Notebook ID" required value={notebookId} onChange={setNotebookId} error={errors.notebookId} />
        <TextField
          label="Name"
          value={name}
          onChange={setName}
          error={errors.name}
          hint='Lowercase letters, digits, "-", "_" and "."'
        />
        <TextField label="Tag" value={tag} onChange={setTag} error={errors.tag} />
        <TextField label="SWR organization" value={namespace} onChange={setNamespace} error={errors.namespace} />
        <TextField
          label="Description"
          multiline
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
        <TextField label="Workspace ID" value={workspaceId} onChange={setWorkspaceId} error={errors.workspaceId} />
        <FormButtons submit="Save" busy={fetching} onCancel={props.onCancel} />
      </FormShell>
    </div>
  );
}
