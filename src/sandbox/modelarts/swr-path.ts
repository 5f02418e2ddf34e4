// An SWR image path, `{registry}/{namespace}/{repository}[:tag]`, as
// registering a custom image takes it (docs/vendor/001-modelarts-register-image.txt `swr_path`).

import { TAG_PATTERN } from './vocabulary.js';

/** The path's namespace, name (the repository) and tag (default latest), or undefined when malformed. */
export function parseSwrPath(path: string): { namespace: string; name: string; tag: string } | undefined {
  const slash = path.indexOf('/');
  if (slash <= 0) return undefined;
  const rest = path.slice(slash + 1);
  const nsEnd = rest.indexOf('/');
  if (nsEnd <= 0) return undefined;
  const namespace = rest.slice(0, nsEnd);
  const repoAndTag = rest.slice(nsEnd + 1);
  const colon = repoAndTag.lastIndexOf(':');
  const name = colon === -1 ? repoAndTag : repoAndTag.slice(0, colon);
  const tag = colon === -1 ? 'latest' : repoAndTag.slice(colon + 1);
  if (!name || !tag || !/^[a-z0-9][a-z0-9._/-]*$/.test(name) || !/^[a-z0-9][a-z0-9._-]*$/.test(namespace)) {
    return undefined;
  }
  if (!TAG_PATTERN.test(tag) || tag.length > 128) return undefined;
  return { namespace, name, tag };
}
