// The listing's call budget: the upstream calls one `images` field may spend
// (IMAGE_GATEWAY_LIST_CALL_BUDGET), every list page and every per-image
// lookup a source makes to fill one counted.
//
// Sources read one upstream page per call and size their per-image lookups
// to the share they are given; the merge is the only loop, and it stops when
// the budget is spent. Calls are counted where they happen (each attempt the
// upstream client sends through a page's scope), not as the sources report
// them, so a retry or a lookup a source forgot to declare is counted too.

import type { CallScope } from '../upstream/index.js';

export class CallBudget {
  private spentCalls = 0;

  constructor(readonly limit: number) {}

  get spent(): number {
    return this.spentCalls;
  }

  get exhausted(): boolean {
    return this.spentCalls >= this.limit;
  }

  /** What each of `pages` pages read at once may spend: an even share of what is left, at least one call. */
  share(pages: number): number {
    return Math.max(1, Math.floor((this.limit - this.spentCalls) / Math.max(1, pages)));
  }

  /** A scope for one page's calls: counted here, and passed on to the request's scope. */
  scopeWithin(request: CallScope): CallScope {
    return {
      ...request,
      onAttempt: (record) => {
        this.spentCalls += 1;
        request.onAttempt?.(record);
      },
    };
  }
}
