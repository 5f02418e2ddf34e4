// The port behind which the gateway keeps state that outlives one request and
// that several replicas may share: cache entries, generations, leases,
// counters, and change notices. Two implementations: in-process
// (./memory.ts, the default, bounded) and Redis (./redis.ts, when
// IMAGE_GATEWAY_REDIS_URL is set).
//
// Every key is written with a time to live: the store holds cache, leases and
// counters, never a source of truth. Keys, values and channel names are built
// by the gateway's own code from keyed hashes (./keys.ts), never from a
// credential. The Redis store never makes a caller wait on Redis longer than a
// short timeout: past it, reads answer "absent" and the rest falls back to
// in-process state (./redis.ts says which does what).

/** What `/readyz` and the metrics say about the store. */
export interface StateHealth {
  store: 'memory' | 'redis';
  /** False while Redis does not answer: the gateway runs on in-process state until it does. */
  up: boolean;
}

/** A counter after one increment. */
export interface CounterReading {
  value: number;
  /** Time left before the counter expires, ms. */
  ttlMs: number;
}

/** What `reserveSlot` decided. */
export interface SlotReservation {
  /** True when a slot was taken: the caller may send once `waitMs` has passed. False: nothing was taken. */
  granted: boolean;
  /** How long from now until the slot (granted), or until the next free one (refused), ms. */
  waitMs: number;
}

export interface SharedState {
  readonly store: 'memory' | 'redis';
  /** Values of `keys`, in order; undefined for an absent (or expired) key, and for every key when the store cannot answer in time. */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Writes `value` for `ttlMs`; silently dropped when the store cannot take it. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Writes `value` for `ttlMs` unless the key exists (SET NX PX); true when written. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Gives the key `ttlMs` more when it still holds `value` (a lease's renewal); true when it did. */
  extendIfEqual(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key when it still holds `value` (a lease given up). */
  deleteIfEqual(key: string, value: string): Promise<void>;
  /** Adds one; a new counter lives `ttlMs` from its first increment (a fixed window). */
  increment(key: string, ttlMs: number): Promise<CounterReading>;
  /**
   * Takes the next slot of a pacer that lets one call through every
   * `intervalMs` (GCRA: the key holds the theoretical arrival time of the
   * next call, and lives until that time has passed). Granted when that slot
   * is at most `maxWaitMs` away; refused, with nothing taken, otherwise.
   */
  reserveSlot(key: string, intervalMs: number, maxWaitMs: number): Promise<SlotReservation>;
  /** Sends `message` to every subscriber of `channel`, on every replica. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Sends `message` as `publish` does, and first writes it to `keep.key` for
   * `keep.ttlMs` when given, only while `lease.key` holds `lease.holder`: one
   * atomic step, so a holder whose lease has run out or been taken can neither
   * send nor overwrite what a newer holder wrote. False when it did not hold it.
   * The Redis store, when Redis does not answer in time, sends it in-process
   * (as `publish` does) and answers true: not an answer about the lease.
   */
  publishIfHolder(
    lease: { key: string; holder: string },
    channel: string,
    message: string,
    keep?: { key: string; ttlMs: number },
  ): Promise<boolean>;
  /** Hears every message on `channel`; the returned function stops. */
  subscribe(channel: string, listener: (message: string) => void): () => void;
  health(): StateHealth;
  close(): Promise<void>;
}
