// The heap growth the gateway sets for itself (src/heap.ts), unless the operator set their own.

import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from '../src/heap.js';

describe('limitHeapGrowth', () => {
  it('sets the growth when nobody else did', () => {
    const set: string[] = [];
    expect(limitHeapGrowth([], '', (flags) => set.push(flags))).toBe(true);
    expect(set).toEqual(['--heap-growing-percent=50']);
  });

  it("leaves an operator's own setting alone, on node's command line or in NODE_OPTIONS, either spelling", () => {
    const set: string[] = [];
    expect(limitHeapGrowth(['--heap-growing-percent=50'], '', (flags) => set.push(flags))).toBe(false);
    expect(limitHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=10', (flags) => set.push(flags))).toBe(
      false,
    );
    expect(set).toEqual([]);
  });
});
