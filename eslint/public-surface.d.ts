// Types of the local rule module (eslint/public-surface.js), for its test.
import type { ESLint, Rule } from 'eslint';

export declare const publicSurface: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
