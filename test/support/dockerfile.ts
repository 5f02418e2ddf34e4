// Runs a Dockerfile's instructions without Docker (these machines have no
// engine), so a test can build the production image "the same way" and run
// it: the Dockerfile stays the one statement of the steps.
//
// Each stage gets a directory that stands for its WORKDIR; COPY copies from
// the build context (prepared by copyBuildContext, which honours
// .dockerignore) or from an earlier stage's directory; RUN runs in the stage's
// directory with only PATH, HOME and the stage's ENV, as a RUN in an image
// sees little more. Stages run concurrently and a `COPY --from` waits for its
// stage, as BuildKit does. What the image would do when run (ENV, USER,
// EXPOSE, HEALTHCHECK, CMD) is returned for the caller to act on and check.
//
// Not a Docker: the base image is the host (its node), the user is the
// host's, and only the instructions and forms listed below are known; any
// other one throws, naming its line, so the test and the Dockerfile cannot
// drift apart silently.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { Cmd, Copy, DockerfileParser, Env, From, Healthcheck, Run, type Instruction } from 'dockerfile-ast';

// The package is CommonJS with a `default` property on its export for TypeScript's sake.
const dockerignore = dockerignoreModule.default;

export interface BuiltImage {
  /** The last stage's directory: its WORKDIR, where CMD runs. */
  dir: string;
  /** The base images named by FROM, in order (e.g. `node:20-bookworm-slim`). */
  baseImages: string[];
  /** The last stage's ENV. */
  env: Record<string, string>;
  user: string | undefined;
  exposed: string[];
  healthcheck: { options: Record<string, string>; command: string[] } | undefined;
  /** CMD in exec form. */
  cmd: string[];
  /** Each RUN with how long it took, in the order they finished. */
  runs: Array<{ stage: string; command: string; seconds: number }>;
}

interface Stage {
  name: string;
  dir: string;
  workdir: string | undefined;
  env: Record<string, string>;
  user: string | undefined;
  exposed: string[];
  healthcheck: BuiltImage['healthcheck'];
  cmd: string[] | undefined;
  instructions: Instruction[];
}

/**
 * Copies `sourceDir` to `contextDir` less what its .dockerignore excludes: the
 * build context Docker would send. An excluded directory is skipped whole, so
 * `!` exceptions inside one are not supported (and rejected).
 */
export function copyBuildContext(sourceDir: string, contextDir: string): void {
  const rules = fs.readFileSync(path.join(sourceDir, '.dockerignore'), 'utf8');
  if (/^\s*!/m.test(rules)) throw new Error('copyBuildContext: .dockerignore exceptions (!) are not supported');
  const ignore = dockerignore().add(rules.split('\n'));
  const walk = (relative: string) => {
    fs.mkdirSync(path.join(contextDir, relative), { recursive: true });
    for (const entry of fs.readdirSync(path.join(sourceDir, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (ignore.ignores(child)) continue;
      if (entry.isDirectory()) walk(child);
      else fs.cpSync(path.join(sourceDir, child), path.join(contextDir, child), { verbatimSymlinks: true });
    }
  };
  walk('');
}

/** Runs every stage of `dockerfile` against `contextDir`; stage directories go under `workDir`. */
export async function buildWithoutDocker(options: {
  dockerfile: string;
  contextDir: string;
  workDir: string;
  /** Told of each RUN as it finishes (for TEST_VERBOSE). */
  onRun?: (run: BuiltImage['runs'][number]) => void;
}): Promise<BuiltImage> {
  const document = DockerfileParser.parse(options.dockerfile);
  const stages: Stage[] = [];
  const baseImages: string[] = [];
  for (const instruction of document.getInstructions()) {
    if (instruction instanceof From) {
      const image = instruction.getImage() ?? '';
      if (stages.some((s) => s.name === image)) throw unsupported(instruction, 'FROM an earlier stage');
      baseImages.push(image);
      const name = instruction.getBuildStage() ?? String(stages.length);
      if (stages.some((s) => s.name === name)) throw unsupported(instruction, `a second stage named ${name}`);
      const dir = path.join(options.workDir, `stage-${stages.length}-${name}`);
      fs.mkdirSync(dir, { recursive: true });
      stages.push({
        name,
        dir,
        workdir: undefined,
        env: {},
        user: undefined,
        exposed: [],
        healthcheck: undefined,
        cmd: undefined,
        instructions: [],
      });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw unsupported(instruction, 'an instruction before FROM');
      stage.instructions.push(instruction);
    }
  }
  const runs: BuiltImage['runs'] = [];
  const build: BuildContext = { ...options, stages, runs, done: new Map() };
  for (const stage of stages) build.done.set(stage, runStage(stage, build));
  // Every stage to its end (none left writing into the work directory), then the first failure.
  const failed = (await Promise.allSettled(build.done.values())).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const last = stages.at(-1);
  if (!last?.cmd) throw new Error('the Dockerfile has no CMD');
  return {
    dir: last.dir,
    baseImages,
    env: last.env,
    user: last.user,
    exposed: last.exposed,
    healthcheck: last.healthcheck,
    cmd: last.cmd,
    runs,
  };
}

interface BuildContext {
  contextDir: string;
  stages: Stage[];
  runs: BuiltImage['runs'];
  /** Each stage's run, settled when its last instruction is. */
  done: Map<Stage, Promise<void>>;
  onRun?: (run: BuiltImage['runs'][number]) => void;
}

async function runStage(stage: Stage, build: BuildContext): Promise<void> {
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    switch (keyword) {
      case 'WORKDIR': {
        const dir = instruction.getArgumentsContent() ?? '';
        if (!path.posix.isAbsolute(dir) || stage.workdir !== undefined)
          throw unsupported(instruction, 'anything but one absolute WORKDIR per stage');
        stage.workdir = dir;
        break;
      }
      case 'COPY':
        await copy(as(Copy, instruction), stage, build);
        break;
      case 'RUN':
        await run(as(Run, instruction), stage, build);
        break;
      case 'ENV':
        for (const property of as(Env, instruction).getProperties()) {
          const value = property.getValue() ?? '';
          if (value.includes('$')) throw unsupported(instruction, 'variables in ENV');
          stage.env[property.getName()] = value;
        }
        break;
      case 'USER':
        stage.user = instruction.getArgumentsContent() ?? undefined;
        break;
      case 'EXPOSE':
        stage.exposed.push(...instruction.getArguments().map((a) => a.getValue()));
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = healthcheckOf(as(Healthcheck, instruction));
        break;
      case 'CMD': {
        const json = as(Cmd, instruction)
          .getJSONStrings()
          .map((s) => s.getJSONValue());
        if (json.length === 0)
          throw unsupported(instruction, 'CMD in shell form (PID 1 would be a shell, deaf to SIGTERM)');
        stage.cmd = json;
        break;
      }
      default:
        throw unsupported(instruction, keyword);
    }
  }
}

/** `COPY [--from=stage] src... dest`: a directory's contents, or files, as Docker copies them. */
async function copy(instruction: Copy, stage: Stage, build: BuildContext): Promise<void> {
  const flags = instruction.getFlags();
  if (flags.some((flag) => flag.getName() !== 'from')) throw unsupported(instruction, 'COPY flags other than --from');
  const args = instruction.getArguments().map((a) => a.getValue());
  if (args.length < 2 || args.some((a) => /[*?[]/.test(a)))
    throw unsupported(instruction, 'COPY without a source or with a wildcard');
  let sourceRoot = build.contextDir;
  let sourceWorkdir: string | undefined;
  const from = instruction.getFromFlag()?.getValue();
  if (from) {
    const source = build.stages.find((s) => s.name === from);
    if (!source || build.stages.indexOf(source) >= build.stages.indexOf(stage))
      throw unsupported(instruction, `COPY --from=${from}, not an earlier stage`);
    await build.done.get(source);
    sourceRoot = source.dir;
    sourceWorkdir = source.workdir;
  }
  const sources = args.slice(0, -1).map((arg) => {
    if (!path.posix.isAbsolute(arg)) return path.join(sourceRoot, arg);
    if (!sourceWorkdir || !arg.startsWith(`${sourceWorkdir}/`))
      throw unsupported(instruction, `a path outside the stage's WORKDIR (${arg})`);
    return path.join(sourceRoot, arg.slice(sourceWorkdir.length));
  });
  const destArg = args.at(-1)!;
  const dest = inStage(stage, destArg, instruction);
  const intoDirectory = destArg.endsWith('/') || destArg === '.' || sources.length > 1;
  for (const source of sources) {
    if (fs.statSync(source).isDirectory()) fs.cpSync(source, dest, { recursive: true, verbatimSymlinks: true });
    else fs.cpSync(source, intoDirectory ? path.join(dest, path.basename(source)) : dest);
  }
}

/** `RUN` in shell or exec form; `--mount=type=cache` is the host's own cache (npm's ~/.npm). */
async function run(instruction: Run, stage: Stage, build: BuildContext): Promise<void> {
  const flags = instruction.getFlags();
  if (flags.some((flag) => flag.getName() !== 'mount' || !flag.getValue()?.startsWith('type=cache,')))
    throw unsupported(instruction, 'RUN flags other than --mount=type=cache');
  const json = instruction.getJSONStrings().map((s) => s.getJSONValue());
  const command = json.length > 0 ? json : ['/bin/sh', '-c', instruction.getArgumentsContent() ?? ''];
  const started = performance.now();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...stage.env };
  const child = spawn(command[0], command.slice(1), {
    cwd: inStage(stage, '.', instruction),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + String(chunk)).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const text = command.join(' ');
  if (code !== 0) throw new Error(`Dockerfile line ${line(instruction)}: RUN ${text} exited with ${code}:\n${output}`);
  const done = { stage: stage.name, command: text, seconds: (performance.now() - started) / 1000 };
  build.runs.push(done);
  build.onRun?.(done);
}

function healthcheckOf(instruction: Healthcheck): BuiltImage['healthcheck'] {
  const subcommand = instruction.getSubcommand()?.getValue();
  if (subcommand === 'NONE') return undefined;
  const content = instruction.getArgumentsContent() ?? '';
  const json = content.slice(content.indexOf(subcommand ?? '') + (subcommand?.length ?? 0)).trim();
  if (subcommand !== 'CMD' || !json.startsWith('['))
    throw unsupported(instruction, 'HEALTHCHECK other than CMD in exec form');
  const options = Object.fromEntries(instruction.getFlags().map((flag) => [flag.getName(), flag.getValue() ?? '']));
  return { options, command: JSON.parse(json) as string[] };
}

/** A path of the image (absolute, or relative to WORKDIR) as a path in the stage's directory. */
function inStage(stage: Stage, imagePath: string, instruction: Instruction): string {
  if (stage.workdir === undefined) throw unsupported(instruction, 'COPY or RUN before WORKDIR');
  const absolute = path.posix.resolve(stage.workdir, imagePath);
  if (absolute !== stage.workdir && !absolute.startsWith(`${stage.workdir}/`))
    throw unsupported(instruction, `a path outside WORKDIR (${imagePath})`);
  return path.join(stage.dir, absolute.slice(stage.workdir.length));
}

/** `instruction` as the parser's class for its keyword. */
function as<T extends Instruction>(type: abstract new (...args: never[]) => T, instruction: Instruction): T {
  if (instruction instanceof type) return instruction;
  throw unsupported(instruction, `${instruction.getKeyword()} in a form the parser did not recognise`);
}

function line(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

function unsupported(instruction: Instruction, what: string): Error {
  return new Error(
    `Dockerfile line ${line(instruction)}: ${what} is not something test/support/dockerfile.ts can run without Docker; teach it, or keep the Dockerfile to what it knows`,
  );
}
