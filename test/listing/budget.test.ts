// The listing's call budget (src/listing/budget.ts): every attempt made through
// a page's scope is counted and still reaches the request's own scope; the
// budget is exhausted at its limit, and shares what is left evenly.

import { describe, expect, it } from 'vitest';
import { CallBudget } from '../../src/listing/budget.js';
import type { AttemptRecord } from '../../src/upstream/scope.js';

describe('CallBudget', () => {
  it('counts every attempt through its scopes and passes each on to the request scope', () => {
    const seen: AttemptRecord[] = [];
    const budget = new CallBudget(3);
    const request = { deadline: 123, onAttempt: (record: AttemptRecord) => seen.push(record) };
    const [a, b] = [budget.scopeWithin(request), budget.scopeWithin(request)];
    expect(a.deadline).toBe(123);
    a.onAttempt!({ operation: 'ListImages', attempt: 1 });
    b.onAttempt!({ operation: 'ListImages', attempt: 1 });
    expect(budget.spent).toBe(2);
    expect(budget.exhausted).toBe(false);
    a.onAttempt!({ operation: 'ListImages', attempt: 2 });
    expect(budget.spent).toBe(3);
    expect(budget.exhausted).toBe(true);
    expect(seen.map((r) => r.attempt)).toEqual([1, 1, 2]);
  });

  it('counts without a request hook too', () => {
    const budget = new CallBudget(1);
    budget.scopeWithin({}).onAttempt!({ operation: undefined, attempt: 1 });
    expect(budget.exhausted).toBe(true);
  });

  it('shares what is left evenly, at least one call a page', () => {
    const budget = new CallBudget(10);
    expect(budget.share(3)).toBe(3);
    expect(budget.share(0)).toBe(10);
    const scope = budget.scopeWithin({});
    for (let i = 0; i < 9; i++) scope.onAttempt!({ operation: undefined, attempt: 1 });
    expect(budget.share(1)).toBe(1);
    expect(budget.share(4)).toBe(1);
  });
});
