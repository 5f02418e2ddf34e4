// The baseline of `npm run bench -- --baseline <ref>`: that commit checked out
// in a temporary git worktree and built as it builds itself (`npm run build`),
// so it is started exactly as it starts itself (`node dist/src/main.js`).
//
// Its dependencies are installed once per package-lock.json: `npm ci` runs in
// a cache directory named by the lock file's hash (under the OS temp dir) and
// the worktree gets a hard-linked copy of its node_modules (seconds, no disk),
// so a second run of the same ref, or of any ref with the same lock file,
// skips the install. A copy, not a symlink: bundlers resolve a symlinked
// node_modules to its real path, and the GraphiQL build then finds no output
// for its entry points. A half-finished install never lands in the cache: it
// happens beside it and is renamed when done.
// The worktree is removed when the run ends, fails or is interrupted.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTeardown, spawnTracked } from './children.js';
import { projectDir } from './paths.js';

export interface Baseline {
  /** The worktree: what to start with `node dist/src/main.js`. */
  dir: string;
  /** `<ref> (<short sha>)`. */
  label: string;
}

const CACHE_ROOT = path.join(os.tmpdir(), 'image-gateway-bench');

export async function prepareBaseline(ref: string): Promise<Baseline> {
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`).trim();
  const short = sha.slice(0, 9);
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  const deps = await installedDependencies(sha);

  const dir = fs.mkdtempSync(path.join(CACHE_ROOT, `baseline-${short}-`));
  fs.rmdirSync(dir); // git worktree add wants to create it.
  git('worktree', 'add', '--detach', '--quiet', dir, sha);
  onTeardown(() => removeWorktree(dir));
  execFileSync('cp', ['-al', path.join(deps, 'node_modules'), path.join(dir, 'node_modules')]);

  console.error(`baseline ${ref} (${short}): building in ${dir}`);
  await run('npm', ['run', 'build'], dir);
  return { dir, label: `${ref} (${short})` };
}

/** A directory whose node_modules is `npm ci` of that commit's lock file: cached by the lock file's hash. */
async function installedDependencies(sha: string): Promise<string> {
  const lock = git('show', `${sha}:package-lock.json`);
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  const deps = path.join(CACHE_ROOT, `deps-${hash}`);
  if (fs.existsSync(path.join(deps, 'node_modules'))) {
    console.error(`baseline dependencies: cached (${deps})`);
    return deps;
  }
  const staging = fs.mkdtempSync(`${deps}.staging-`);
  onTeardown(() => fs.rmSync(staging, { recursive: true, force: true }));
  fs.writeFileSync(path.join(staging, 'package.json'), git('show', `${sha}:package.json`));
  fs.writeFileSync(path.join(staging, 'package-lock.json'), lock);
  console.error(`baseline dependencies: npm ci for lock ${hash} (once; cached in ${deps})`);
  await run('npm', ['ci', '--no-audit', '--no-fund'], staging);
  try {
    fs.renameSync(staging, deps);
  } catch (error) {
    // Another run finished the same install first: use its copy.
    if (!fs.existsSync(path.join(deps, 'node_modules'))) throw error;
  }
  return deps;
}

function removeWorktree(dir: string): void {
  try {
    git('worktree', 'remove', '--force', dir);
  } catch (error) {
    console.error(`could not remove the baseline worktree ${dir}: ${String(error)}`);
  }
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: projectDir, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
}

/** Runs a command to its end, output to stderr; rejects on a non-zero exit. */
function run(command: string, args: string[], cwd: string): Promise<void> {
  const child = spawnTracked(command, args, { cwd, stdio: ['ignore', process.stderr, 'inherit'], group: true });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} in ${cwd} failed (${signal ?? code})`)),
    );
  });
}
