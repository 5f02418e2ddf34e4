/** Thrown for any invalid configuration; the message names the key at fault and never a secret value. */
export class ConfigError extends Error {}
