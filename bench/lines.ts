// Reading a child's announcement from its stdout: the first line that matches,
// within a time limit; the rest of its output is drained (a full pipe would
// block the child) and dropped.

import type { ChildProcess } from 'node:child_process';

export function readLine(
  child: ChildProcess,
  matches: (line: string) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const finish = (error: Error | undefined, line?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(line!);
    };
    const timer = setTimeout(() => finish(new Error(`${what} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (done) return;
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      const line = lines.find(matches);
      if (line !== undefined) finish(undefined, line);
      if (buffered.length > 1 << 20) buffered = buffered.slice(-4096);
    });
    child.once('exit', (code, signal) => finish(new Error(`${what} exited (${signal ?? code}) before it was ready`)));
  });
}
