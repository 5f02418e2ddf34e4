// The gateway as an Apollo Federation 2 subgraph: what others may use.
export { buildSubgraph, serviceSdlOff, type Subgraph, type SubgraphOptions } from './subgraph.js';
