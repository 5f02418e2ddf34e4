// The `{tag}` segment of the tag routes. Glance's server decodes `%2F` before
// routing, so a tag holding `/` never reaches the tag handlers: the path then
// has one segment too many, and no API is published on it. The route table
// decodes segment by segment, so that case is told apart here and answered as
// any unknown path is (404 APIG.0101).

import type { EmulatorResponse } from '../emulator.js';
import { apigNotFoundResponse } from '../huawei/apig-errors.js';
import { openstackRequestId } from './errors.js';

/** APIG's 404 when the decoded tag would not have been routed to a tag API; else undefined. */
export function unroutableTag(tag: string, requestId: string): EmulatorResponse | undefined {
  return tag.includes('/') ? apigNotFoundResponse(requestId, openstackRequestId()) : undefined;
}
