// The conformance suite (test/conformance/suite.ts) against every source in
// SOURCES; each source's faulted field shares its query with the next source's.

import { describeSourceConformance } from './suite.js';
import { SOURCES } from './sources.js';

SOURCES.forEach((source, i) => describeSourceConformance(source, SOURCES[(i + 1) % SOURCES.length]));
