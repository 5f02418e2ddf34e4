// The operations port (IMAGE_GATEWAY_METRICS_PORT): /metrics, /healthz and
// /readyz on a listener of their own, so that scrapes and probes can be kept
// off the public port (a NetworkPolicy, a Service that exposes only the main
// port). It starts before the gateway and stops after it: readiness reads 503
// there while the gateway starts and while it drains.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveOperations, type OperationsEndpoints } from './health.js';

export interface MetricsServer {
  /** http://host:port/metrics */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(
  host: string,
  port: number,
  endpoints: OperationsEndpoints,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://gateway.invalid').pathname;
    serveOperations(pathname, req, res, endpoints)
      .then((served) => {
        if (served) return;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found: /metrics, /healthz, /readyz\n');
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
