/**
 * The realistic, seeded, deterministic lead data generator (tests, demo, benchmarks). Pure: no I/O, no clock, no
 * `Math.random`. See docs/generator.md.
 */
export { generateLeadArray, generateLeads } from './generate.ts';
export type { GeneratedLead } from './lead.ts';
export {
  defaultQuirkRates,
  healthyProfile,
  healthyQuirkRates,
  noQuirks,
  resolveOptions,
  type CountRange,
  type GeneratorProfile,
  type GeneratorOptions,
  type QuirkRates,
  type ResolvedOptions,
} from './options.ts';
export { createRandom, type SeededRandom } from './random.ts';
export { wrongTypeKinds, type WrongTypeKind } from './session-quirks.ts';
export type { WeeklyCompressionOptions } from './weekly-compression.ts';
