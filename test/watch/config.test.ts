// The watch settings from the environment: defaults, values, and a bad value
// stopping the gateway with a message naming its variable.

import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_WATCH, loadConfig } from '../../src/config/index.js';
import { SOURCES } from '../../src/sources/index.js';

describe('watch settings', () => {
  it('default to a 1 s first interval, 1000 images and 20 operations per connection', () => {
    expect(loadConfig({}, SOURCES).watch).toEqual({
      intervalMs: 1000,
      maxImages: 1000,
      maxSubscriptionsPerConnection: 20,
    });
    expect(DEFAULT_WATCH).toEqual(loadConfig({}, SOURCES).watch);
  });

  it('come from IMAGE_GATEWAY_WATCH_INTERVAL_MS, IMAGE_GATEWAY_WATCH_MAX_IMAGES and IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS', () => {
    const env = {
      IMAGE_GATEWAY_WATCH_INTERVAL_MS: '250',
      IMAGE_GATEWAY_WATCH_MAX_IMAGES: '5',
      IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS: '3',
    };
    expect(loadConfig(env, SOURCES).watch).toEqual({ intervalMs: 250, maxImages: 5, maxSubscriptionsPerConnection: 3 });
  });

  it.each<[string, string]>([
    ['IMAGE_GATEWAY_WATCH_INTERVAL_MS', '5'],
    ['IMAGE_GATEWAY_WATCH_INTERVAL_MS', '10001'],
    ['IMAGE_GATEWAY_WATCH_MAX_IMAGES', '0'],
    ['IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS', 'many'],
  ])('%s=%j → ConfigError naming it', (key, value) => {
    expect(() => loadConfig({ [key]: value }, SOURCES)).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value }, SOURCES)).toThrow(new RegExp(`^${key} must be an integer`));
  });
});
