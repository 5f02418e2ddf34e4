// What the kernel says a process spent: CPU time and resident memory, read
// from /proc by pid from outside the process, so the measured gateway carries
// no probe and its numbers cannot include the load generator's or the
// emulators' (each is a process of its own).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, nearly always 100). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time the process has used since it started, in milliseconds (tick resolution, 10 ms). */
export function cpuMillis(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Resident memory now (VmRSS) and the process's peak so far (VmHWM), in MB. */
export function residentMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Samples VmRSS every `everyMs` until stopped; the largest sample, in MB. */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let max = residentMb(pid).rss;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, residentMb(pid).rss);
    } catch {
      // The process is gone; the run will say why.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, residentMb(pid).rss);
    },
  };
}
