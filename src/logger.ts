// The gateway's structured logger (pino, JSON lines on stdout).
//
// Secrets never reach a log line: we never log headers or bodies of upstream
// calls, and redaction is a second net for anything that might carry one by
// accident (an error's request options, a config object): the generic names
// below, plus whatever the caller adds (the credential kinds' secret fields
// and headers, see src/upstream/auth/index.ts).

import { pino, type Logger } from 'pino';
import { scrubRequestSecrets } from './request-secrets.js';

export type { Logger };

/** Keys redacted whatever else is configured. */
const ALWAYS_REDACTED = ['authorization', 'Authorization', 'cookie', 'password', 'Password', 'secret', 'token'];

interface LoggerOptions {
  level?: string;
  destination?: pino.DestinationStream;
  /** More keys to redact, wherever they appear (nested up to two levels, and as header names). */
  redact?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const keys = [...new Set([...ALWAYS_REDACTED, ...(options.redact ?? [])])];
  const paths = keys.flatMap((key) => {
    const path = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const nested = path.startsWith('[') ? path : `.${path}`;
    return [path, `*${nested}`, `*.*${nested}`, `headers["${key}"]`];
  });
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'image-gateway' },
      redact: { paths, censor: '[redacted]' },
      // A line written while serving a request loses that request's secrets (its caller's token).
      hooks: { streamWrite: scrubRequestSecrets },
    },
    options.destination,
  );
}
