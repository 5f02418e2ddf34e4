// Starts the real gateway over HTTP against the embedded sandbox (or any env),
// in-process, with its log lines captured so tests can read them. They are
// printed only when a test fails (the lines written while it ran) or when
// TEST_VERBOSE=1 (every line, as written).

import { Writable } from 'node:stream';
import { beforeEach } from 'vitest';
import { loadConfig, type Env } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { LOG_REDACTIONS } from '../../src/upstream/auth/index.js';
import { startGateway, type Gateway } from '../../src/server/index.js';
import { SOURCES } from '../../src/sources/index.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { VERBOSE } from './verbose.js';

export interface GraphQLResult<T = any> {
  status: number;
  body: {
    data?: T;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
  };
  text: string;
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  /** Present unless `sandbox: false`. */
  sandbox: Sandbox;
  /** Every log line the gateway wrote, raw JSON text. */
  logs: string[];
  query<T = any>(
    document: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

export interface TestGatewayOptions {
  sandbox?: SandboxOptions;
  /** Extra env on top of the sandbox's (e.g. IMAGE_GATEWAY_UPSTREAM_CONCURRENCY). */
  env?: Env;
  /** Replace the sandbox env entirely (e.g. to point IMS at a real Glance). */
  replaceEnv?: boolean;
}

// Private: every gateway this test file started, with how many of its log
// lines were written before the current test. Registered when this module is
// loaded, that is once per test file (vitest isolates files).
const printable: Array<{ url: string; logs: string[]; before: number }> = [];
beforeEach((context) => {
  for (const entry of printable) entry.before = entry.logs.length;
  context.onTestFailed(() => {
    for (const { url, logs, before } of printable) {
      if (logs.length > before)
        console.error(`log lines of the gateway at ${url} during this test:\n${logs.slice(before).join('\n')}`);
    }
  });
});

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sandbox = await startSandbox(options.sandbox);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      const lines = String(chunk).split('\n').filter(Boolean);
      logs.push(...lines);
      if (VERBOSE) for (const line of lines) console.log(line);
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination, redact: LOG_REDACTIONS });
  const env: Env = options.replaceEnv ? { ...options.env } : { ...sandbox.env, ...options.env };
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env }, SOURCES, { sandbox: true });
  const gateway = await startGateway(config, { logger });
  printable.push({ url: gateway.url, logs, before: 0 });
  return {
    url: gateway.url,
    gateway,
    sandbox,
    logs,
    async query(document, variables, headers = {}) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: document, variables }),
      });
      const text = await response.text();
      let body: GraphQLResult['body'];
      try {
        body = JSON.parse(text);
      } catch {
        body = {};
      }
      return { status: response.status, body, text };
    },
    async stop() {
      await gateway.stop();
      await sandbox.stop();
    },
  };
}
