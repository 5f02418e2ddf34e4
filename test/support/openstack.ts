/**
 * A real OpenStack Keystone + Glance v2 API on loopback, for tests.
 *
 * Per suite:
 *   const os = await startOpenStack();          // ~10-25 s; throws if the Debian packages are missing
 *   const img = await os.createImage('alice', { name: 'x', visibility: 'private', __os_bit: '64' }, { upload: 'abc' });
 *   // point the code under test at os.glanceUrl (counted) with a token from await os.token('alice')
 *   os.countGlanceRequests({ method: 'GET', pathname: '/v2/images' });
 *   await os.stop();                             // kills exactly what it started, removes the state dir
 *
 * Once per run (vitest globalSetup), shared by every test file:
 *   // test/global-openstack.ts:  export { openStackGlobalSetup as default } from './support/openstack.js';
 *   // in a test file:            const os = await connectOpenStack(inject('openstack'));  …  await os.stop();
 *   // connectOpenStack() starts no process: it opens this file's own counting proxy (so counts are
 *   // per test file) in front of the shared Glance; its stop() closes only that proxy.
 *
 * Processes: `scripts/openstack-up.sh STATE_DIR` is spawned as the leader of a new process group;
 * it starts Keystone and Glance (Debian's /usr/bin/python3) as its children and supervises them.
 * stop() sends SIGTERM to that script, which stops and reaps both servers; if it has not exited
 * within 15 s the whole group gets SIGKILL. The script also stops by itself within ~1 s when
 * the process that spawned it dies, and the servers get SIGTERM from the kernel if the script
 * dies (PR_SET_PDEATHSIG), so nothing outlives a crashed test run.
 *
 * Counting: `glanceUrl` is a tiny reverse proxy (node:http) in this process in front of Glance. It
 * forwards every request unchanged (method, raw path and query, headers, body; the response
 * likewise) and records method + raw path + query, in arrival order. The harness's own calls
 * (createImage, health polling) go straight to Glance (`glanceDirectUrl`) and are not counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INSTALL_SCRIPT = 'scripts/install-system-deps.sh';
const UP_SCRIPT = fileURLToPath(new URL('../../scripts/openstack-up.sh', import.meta.url));
const REQUIRED_FILES = [
  '/usr/bin/python3',
  '/usr/bin/curl',
  '/usr/lib/python3/dist-packages/glance/cmd/api.py',
  '/usr/lib/python3/dist-packages/keystone/server/wsgi.py',
  '/usr/lib/python3/dist-packages/keystonemiddleware/auth_token/__init__.py',
];

/** Password credentials of one Keystone user, scoped to one project (all in domain "Default"). */
export interface OpenStackCredentials {
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
}

/** A known user by name, or any credentials. */
export type OpenStackUserRef = 'admin' | 'alice' | 'bob' | OpenStackCredentials;

/** A project-scoped Keystone token. */
export interface OpenStackToken {
  token: string;
  userId: string;
  projectId: string;
  expiresAt: string;
}

/** One request that reached Glance through the counting proxy at `glanceUrl`. */
export interface GlanceRequestRecord {
  /** 1, 2, 3, … in arrival order */
  seq: number;
  method: string;
  /** raw request target as sent: path plus `?query`, not decoded or normalised */
  path: string;
  /** `path` up to the `?` */
  pathname: string;
  /** what follows the `?` (no `?`), '' if none */
  query: string;
  /** whether an X-Auth-Token header was sent (its value is not kept) */
  hasAuthToken: boolean;
  /** Glance's response status, once it has answered (502 when the proxy could not reach it) */
  status?: number;
}

export interface GlanceRequestFilter {
  method?: string;
  /** exact raw path (with query), or a RegExp tested against it */
  path?: string | RegExp;
  /** exact pathname, or a RegExp tested against it */
  pathname?: string | RegExp;
}

export interface CreateImageOptions {
  /** Upload this as the image data (PUT /v2/images/{id}/file) so the image becomes `active`. */
  upload?: string | Uint8Array;
}

/** A Glance v2 image as returned by the API (custom properties appear as top-level string fields). */
export type GlanceImage = { id: string; status: string; owner?: string; visibility?: string } & Record<string, unknown>;

/** What a running stack is, as plain JSON (what the global setup hands to test files). */
export interface OpenStackInfo {
  /** Keystone v3 auth URL, e.g. http://127.0.0.1:PORT/v3 */
  keystoneUrl: string;
  /** Glance itself (no counting), e.g. http://127.0.0.1:PORT (no /v2) */
  glanceDirectUrl: string;
  /** admin / role admin on project admin */
  admin: OpenStackCredentials;
  /** alice: role member on project proj-a; bob: role member on project proj-b */
  users: { alice: OpenStackCredentials; bob: OpenStackCredentials };
  /** temp dir holding configs, sqlite dbs, image files and logs (keystone.log, glance.log, …) */
  stateDir: string;
  /** the processes started: the supervising script (process group leader), Keystone, Glance */
  pids: { supervisor: number; keystone: number; glance: number };
}

/** Helpers over a running stack, with this process's own counting proxy. */
export interface OpenStackClient extends OpenStackInfo {
  /** Glance base URL through the counting proxy, e.g. http://127.0.0.1:PORT (no /v2) */
  glanceUrl: string;
  /** A project-scoped token for the user (cached until 5 min before it expires). */
  token(user: OpenStackUserRef): Promise<string>;
  /** Authenticate afresh (not cached) and return token, user id, project id. */
  authenticate(user: OpenStackUserRef): Promise<OpenStackToken>;
  /**
   * POST /v2/images as `asUser` (straight to Glance, not counted). `id` defaults to a new UUID;
   * `__`-prefixed properties must be strings. With `upload`, the data is PUT to
   * /v2/images/{id}/file (container_format/disk_format default to bare/raw then), and the
   * returned image is the one read back afterwards (status `active`).
   */
  createImage(
    asUser: OpenStackUserRef,
    body: Record<string, unknown>,
    options?: CreateImageOptions,
  ): Promise<GlanceImage>;
  /** fetch() through the counting proxy, with `asUser`'s token unless null; path like '/v2/images'. */
  glanceFetch(asUser: OpenStackUserRef | null, path: string, init?: RequestInit): Promise<Response>;
  /** A copy of the requests the proxy has seen since start or the last reset, in arrival order. */
  glanceRequestLog(): GlanceRequestRecord[];
  /** How many recorded requests match the filter (all when no filter). */
  countGlanceRequests(filter?: GlanceRequestFilter): number;
  resetGlanceRequestLog(): void;
  /** Close the counting proxy (from connectOpenStack: nothing else). Idempotent. */
  stop(): Promise<void>;
}

/** A stack this process started (startOpenStack). */
export interface OpenStack extends OpenStackClient {
  /** The plain-JSON description, e.g. for project.provide('openstack', os.info). */
  info: OpenStackInfo;
  /**
   * Stop Keystone, Glance and the proxy; resolves once the processes have exited (not even
   * zombies remain); removes stateDir. Idempotent.
   */
  stop(): Promise<void>;
}

export interface StartOpenStackOptions {
  /** default 200 000 ms (start-up is normally 10-25 s, but CPU-bound: slow on a busy machine) */
  startupTimeoutMs?: number;
  /** keep the state dir (logs) after stop(), for debugging; also when OPENSTACK_KEEP_STATE=1 */
  keepStateDir?: boolean;
}

declare module 'vitest' {
  interface ProvidedContext {
    openstack: OpenStackInfo;
  }
}

/** True when the Debian packages the harness needs are installed. */
export function openStackInstalled(): boolean {
  return REQUIRED_FILES.every((f) => existsSync(f));
}

/** Whether a process with this pid exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) S ..." — comm may hold spaces or parens, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const i = stat.lastIndexOf(')');
    return stat.slice(i + 2, i + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Exit = { code: number | null; signal: NodeJS.Signals | null };

interface ReadyLine {
  stateDir: string;
  keystoneUrl: string;
  glanceUrl: string;
  supervisorPid: number;
  keystonePid: number;
  glancePid: number;
  admin: OpenStackCredentials;
  users: { alice: OpenStackCredentials; bob: OpenStackCredentials };
}

/**
 * Start Keystone and Glance (scripts/openstack-up.sh) in a fresh temp dir and wait until both
 * answer. Throws, naming scripts/install-system-deps.sh, when the Debian packages are missing.
 */
export async function startOpenStack(options: StartOpenStackOptions = {}): Promise<OpenStack> {
  if (!openStackInstalled()) {
    const missing = REQUIRED_FILES.filter((f) => !existsSync(f));
    throw new Error(
      `OpenStack Glance/Keystone are not installed (missing ${missing.join(', ')}): ` +
        `run ${INSTALL_SCRIPT} as root (installs python3-glance, python3-keystone)`,
    );
  }
  const timeoutMs = options.startupTimeoutMs ?? 200_000;
  const keepState = options.keepStateDir ?? process.env.OPENSTACK_KEEP_STATE === '1';
  const stateDir = await mkdtemp(join(tmpdir(), 'image-gateway-openstack-'));

  const child = spawn('bash', [UP_SCRIPT, stateDir], {
    detached: true, // leader of a new process group, so stop() can kill the whole group as a fallback
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderrTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderrTail = (stderrTail + d).slice(-16_000);
  });

  let ready: ReadyLine;
  try {
    ready = await waitReady(child, exited, timeoutMs, () => stderrTail);
  } catch (err) {
    await killGroup(child, exited);
    if (!keepState) await rm(stateDir, { recursive: true, force: true });
    throw err;
  }

  const onExit = () => {
    // last resort if the test process exits without stop(): signal the group synchronously
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', onExit);

  const info: OpenStackInfo = {
    keystoneUrl: ready.keystoneUrl,
    glanceDirectUrl: ready.glanceUrl,
    admin: ready.admin,
    users: ready.users,
    stateDir,
    pids: { supervisor: ready.supervisorPid, keystone: ready.keystonePid, glance: ready.glancePid },
  };

  let client: OpenStackClient;
  try {
    client = await connectOpenStack(info);
  } catch (err) {
    process.removeListener('exit', onExit);
    await killGroup(child, exited);
    if (!keepState) await rm(stateDir, { recursive: true, force: true });
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', onExit);
      await client.stop();
      await killGroup(child, exited);
      // The script reaps its children; make sure they are really gone (not even zombies).
      for (const pid of [info.pids.keystone, info.pids.glance]) {
        const deadline = Date.now() + 10_000;
        while (processAlive(pid) && Date.now() < deadline) await sleep(50);
        if (processAlive(pid)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
      }
      if (!keepState) await rm(stateDir, { recursive: true, force: true });
    })());

  return { ...client, info, stop };
}

/**
 * Helpers over a stack started elsewhere (e.g. by openStackGlobalSetup): opens this process's
 * own counting proxy in front of its Glance; starts no process. stop() closes the proxy only.
 */
export async function connectOpenStack(info: OpenStackInfo): Promise<OpenStackClient> {
  const proxy = await startCountingProxy(info.glanceDirectUrl);

  const tokenCache = new Map<string, { token: string; until: number }>();
  const creds = (u: OpenStackUserRef): OpenStackCredentials => {
    const c = typeof u === 'string' ? (u === 'admin' ? info.admin : info.users[u]) : u;
    if (!c) throw new Error(`unknown OpenStack user ${JSON.stringify(u)}`);
    return c;
  };

  async function authenticate(user: OpenStackUserRef): Promise<OpenStackToken> {
    const c = creds(user);
    const res = await fetch(`${info.keystoneUrl}/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: c.username, domain: { name: c.userDomainName }, password: c.password } },
          },
          scope: { project: { name: c.projectName, domain: { name: c.projectDomainName } } },
        },
      }),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`Keystone auth for ${c.username} failed: ${res.status} ${text}`);
    const body = JSON.parse(text) as { token: { user: { id: string }; project: { id: string }; expires_at: string } };
    return {
      token: res.headers.get('x-subject-token')!,
      userId: body.token.user.id,
      projectId: body.token.project.id,
      expiresAt: body.token.expires_at,
    };
  }

  async function token(user: OpenStackUserRef): Promise<string> {
    const c = creds(user);
    const key = JSON.stringify([c.username, c.userDomainName, c.projectName, c.projectDomainName, c.password]);
    const hit = tokenCache.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const t = await authenticate(c);
    tokenCache.set(key, { token: t.token, until: Date.parse(t.expiresAt) - 5 * 60_000 });
    return t.token;
  }

  async function direct(asUser: OpenStackUserRef, method: string, path: string, body?: BodyInit, contentType?: string) {
    const headers: Record<string, string> = { 'X-Auth-Token': await token(asUser), Accept: 'application/json' };
    if (contentType) headers['Content-Type'] = contentType;
    const res = await fetch(info.glanceDirectUrl + path, { method, headers, body });
    return { status: res.status, text: await res.text() };
  }

  async function createImage(
    asUser: OpenStackUserRef,
    body: Record<string, unknown>,
    opts: CreateImageOptions = {},
  ): Promise<GlanceImage> {
    const payload: Record<string, unknown> = { id: randomUUID(), ...body };
    if (opts.upload !== undefined) {
      payload.container_format ??= 'bare';
      payload.disk_format ??= 'raw';
    }
    const created = await direct(asUser, 'POST', '/v2/images', JSON.stringify(payload), 'application/json');
    if (created.status !== 201) {
      throw new Error(`Glance POST /v2/images failed: ${created.status} ${created.text}`);
    }
    let image = JSON.parse(created.text) as GlanceImage;
    if (opts.upload !== undefined) {
      const data =
        typeof opts.upload === 'string' ? new TextEncoder().encode(opts.upload) : Uint8Array.from(opts.upload);
      const put = await direct(asUser, 'PUT', `/v2/images/${image.id}/file`, data, 'application/octet-stream');
      if (put.status !== 204) {
        throw new Error(`Glance PUT /v2/images/${image.id}/file failed: ${put.status} ${put.text}`);
      }
      const got = await direct(asUser, 'GET', `/v2/images/${image.id}`);
      if (got.status !== 200) throw new Error(`Glance GET /v2/images/${image.id} failed: ${got.status} ${got.text}`);
      image = JSON.parse(got.text) as GlanceImage;
    }
    return image;
  }

  async function glanceFetch(asUser: OpenStackUserRef | null, path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (asUser !== null && !headers.has('x-auth-token')) headers.set('X-Auth-Token', await token(asUser));
    return fetch(proxy.url + path, { ...init, headers });
  }

  const matches = (r: GlanceRequestRecord, f: GlanceRequestFilter) =>
    (f.method === undefined || r.method === f.method.toUpperCase()) &&
    (f.path === undefined || (typeof f.path === 'string' ? r.path === f.path : f.path.test(r.path))) &&
    (f.pathname === undefined ||
      (typeof f.pathname === 'string' ? r.pathname === f.pathname : f.pathname.test(r.pathname)));

  let closing: Promise<void> | undefined;
  return {
    ...info,
    glanceUrl: proxy.url,
    token,
    authenticate,
    createImage,
    glanceFetch,
    glanceRequestLog: () => proxy.log.map((r) => ({ ...r })),
    countGlanceRequests: (filter = {}) => proxy.log.filter((r) => matches(r, filter)).length,
    resetGlanceRequestLog: () => {
      proxy.log.length = 0;
    },
    stop: () => (closing ??= proxy.close()),
  };
}

/**
 * A vitest globalSetup: one stack for the whole run, handed to test files as
 * inject('openstack') (use with connectOpenStack). Returns the teardown.
 *   // test/global-openstack.ts
 *   export { openStackGlobalSetup as default } from './support/openstack.js';
 */
export async function openStackGlobalSetup(project: {
  provide: (key: 'openstack', value: OpenStackInfo) => void;
}): Promise<() => Promise<void>> {
  const os = await startOpenStack();
  project.provide('openstack', os.info);
  return () => os.stop();
}

function waitReady(
  child: ChildProcess,
  exited: Promise<Exit>,
  timeoutMs: number,
  stderr: () => string,
): Promise<ReadyLine> {
  return new Promise<ReadyLine>((resolve, reject) => {
    let buf = '';
    let done = false;
    const finish = (err: Error | null, ready?: ReadyLine) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(ready!);
    };
    const timer = setTimeout(
      () => finish(new Error(`OpenStack did not start within ${timeoutMs} ms:\n${stderr()}`)),
      timeoutMs,
    );
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('OPENSTACK_READY ')) {
          try {
            finish(null, JSON.parse(line.slice('OPENSTACK_READY '.length)) as ReadyLine);
          } catch (e) {
            finish(new Error(`bad ready line from openstack-up.sh: ${line} (${String(e)})`));
          }
        }
      }
    });
    void exited.then(({ code, signal }) => {
      // let stderr drain before reporting
      setTimeout(() => {
        const hint = code === 3 ? ` — run ${INSTALL_SCRIPT} as root` : '';
        finish(new Error(`openstack-up.sh exited (code ${code}, signal ${signal}) before ready${hint}:\n${stderr()}`));
      }, 50);
    });
  });
}

/** SIGTERM the supervising script (it stops and reaps Keystone and Glance); SIGKILL the group after 15 s. */
async function killGroup(child: ChildProcess, exited: Promise<Exit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill('SIGTERM');
  } catch {
    /* gone */
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(15_000).then(() => true)]);
  if (timedOut) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
    await exited;
  }
}

interface CountingProxy {
  url: string;
  log: GlanceRequestRecord[];
  close(): Promise<void>;
}

/** A reverse proxy that forwards every request unchanged to `target` and records it. */
async function startCountingProxy(target: string): Promise<CountingProxy> {
  const t = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const log: GlanceRequestRecord[] = [];
  let seq = 0;
  const server = http.createServer(
    // Glance itself answers 414 past ~8 KB of request line: let it decide, not Node's 16 KB default.
    { maxHeaderSize: 256 * 1024, requestTimeout: 0, headersTimeout: 60_000 },
    (req, res) => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const rec: GlanceRequestRecord = {
        seq: ++seq,
        method: req.method ?? 'GET',
        path: raw,
        pathname: q < 0 ? raw : raw.slice(0, q),
        query: q < 0 ? '' : raw.slice(q + 1),
        hasAuthToken: req.headers['x-auth-token'] !== undefined,
      };
      log.push(rec);
      const upstream = http.request({
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: raw,
        headers: req.rawHeaders as unknown as http.OutgoingHttpHeaders, // raw [name, value, …] pairs, as sent
        agent,
        setHost: false,
      });
      upstream.on('response', (up) => {
        rec.status = up.statusCode;
        res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders as unknown as http.OutgoingHttpHeaders);
        up.pipe(res);
      });
      upstream.on('error', (err) => {
        if (res.headersSent) {
          res.destroy(err);
          return;
        }
        rec.status = 502;
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`counting proxy: Glance unreachable: ${err.message}`);
      });
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
