// The config file (IMAGE_GATEWAY_CONFIG): JSON or YAML declaring any number of
// source instances (several accounts and regions per source), and limits.
//
// Errors name the key at fault by its path (`sources[0].auth.bogus: unknown
// key`), the way a person searches the file, and never quote the file: the
// offending line may hold a secret, and these messages are logged.

import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { authFileReader, credentialKind, fileSchemaOf, type SourceAuth } from '../upstream/auth/index.js';
import type { Env } from './env.js';
import { ConfigError } from './errors.js';

const instanceSchema = z
  .object({
    provider: z.string().min(1),
    name: z.string().min(1).optional(),
    endpoint: z.url(),
    region: z.string().default(''),
    project: z.string().optional(),
    // Checked against its kind's own schema once the type is known (readAuth).
    auth: z.looseObject({ type: z.string() }).default({ type: 'none' }),
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    rateLimit: z.number().int().min(0).max(100_000).optional(),
    options: z.record(z.string(), z.unknown()).default({}),
    tenants: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    host: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    limits: z
      .object({
        maxBodyBytes: z.number().int().min(1024),
        maxDepth: z.number().int().min(2).max(200),
        maxFields: z.number().int().min(1),
        maxNodeIds: z.number().int().min(1),
        maxPageSize: z.number().int().min(1),
        listCallBudget: z.number().int().min(1).max(10_000),
      })
      .partial()
      .strict()
      .optional(),
    sources: z.array(instanceSchema).min(1),
  })
  .strict();

export type ConfigFile = z.infer<typeof fileSchema>;
type FileInstance = z.infer<typeof instanceSchema>;

/** One schema issue as `path: message`, the path as a person searches the file. */
export function describeIssue(issue: z.core.$ZodIssue, prefix = ''): string {
  const path = prefix + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  // An unknown key is named by its own path (`sources[0].auth.bogus`).
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${`${path}.${key}`.replace(/^\./, '')}: unknown key`).join('; ');
  }
  return `${path.replace(/^\./, '') || '(root)'}: ${issue.message}`;
}

/** Where a JSON/YAML syntax error is, without the parser's excerpt of the file. */
function syntaxErrorWhere(error: unknown): string {
  const e = error as { linePos?: Array<{ line: number; col: number }>; code?: string; message?: string };
  if (e.linePos?.[0]) return `${e.code ?? 'syntax error'} at line ${e.linePos[0].line}, column ${e.linePos[0].col}`;
  const at = /position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(e.message ?? '');
  if (at) return at[2] ? `syntax error at line ${at[2]}, column ${at[3]}` : `syntax error at position ${at[1]}`;
  return 'syntax error';
}

/**
 * Parses a JSON (by its `.json` name) or YAML file named by the variable
 * `variable` and checks it against `schema`; errors name the variable, the
 * file and the key at fault.
 */
export function parseStructuredFile<T>(text: string, fileName: string, variable: string, schema: z.ZodType<T>): T {
  const json = /\.json$/i.test(fileName);
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${variable} ${fileName}: not valid ${json ? 'JSON' : 'YAML'}: ${syntaxErrorWhere(error)}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(`${variable} ${fileName}: ${result.error.issues.map((i) => describeIssue(i)).join('; ')}`);
  }
  return result.data;
}

/** The text of the file a variable names. */
export function readNamedFile(fileName: string, variable: string): string {
  try {
    return fs.readFileSync(fileName, 'utf8');
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${fileName}: ${(error as Error).message}`);
  }
}

export function readConfigFile(fileName: string): ConfigFile {
  const text = readNamedFile(fileName, 'IMAGE_GATEWAY_CONFIG');
  return parseStructuredFile(text, fileName, 'IMAGE_GATEWAY_CONFIG', fileSchema);
}

/** An instance's `auth`, checked against its kind's schema; `…Env` secrets are read from `env`. */
export function readAuth(raw: FileInstance['auth'], env: Env, where: string): SourceAuth {
  const kind = credentialKind(raw.type);
  if (!kind) throw new ConfigError(`${where}.type: unknown credential type "${raw.type}"`);
  const result = fileSchemaOf(kind).safeParse(raw);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => describeIssue(i, where)).join('; '));
  const plain: Record<string, unknown> = result.data;
  return kind.fromFile(plain, authFileReader(plain, env, where));
}
