// The gateway's structured logger (pino, JSON lines on stdout).
//
// Secrets never reach a log line: we never log headers or bodies of upstream
// calls, and the redaction list below is a second net for anything that might
// carry one by accident (an error's request options, a config object).

import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED_KEYS = [
  'authorization',
  'Authorization',
  'x-auth-token',
  'X-Auth-Token',
  'x-subject-token',
  'x-acs-security-token',
  'x-security-token',
  'password',
  'Password',
  'sk',
  'ak',
  'token',
  'accessKeySecret',
  'accessKeyId',
  'securityToken',
  'secret',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers["${key}"]`]);
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'image-gateway' },
      redact: { paths, censor: '[redacted]' },
    },
    options.destination,
  );
}
