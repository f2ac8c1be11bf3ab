import { buildLead, type GeneratedLead, type LeadContext } from './lead.ts';
import { createObjectIdFactory, drawCounterStart, drawProcessBytes } from './object-ids.ts';
import { resolveOptions, type GeneratorOptions, type ResolvedOptions } from './options.ts';
import { createRandom } from './random.ts';

const dayMs = 86_400_000;
const agentCount = 30;
const adminCount = 5;

/** Shared state of one run: id factories and the back-office users, all drawn from the seed's stream 0. */
function createContext(options: ResolvedOptions): LeadContext {
  const random = createRandom(options.seed, 0);
  const leadIds = createObjectIdFactory(drawProcessBytes(random), 0);
  const subdocumentProcess = drawProcessBytes(random);
  const users = createObjectIdFactory(drawProcessBytes(random), drawCounterStart(random));
  const firstMs = options.firstObjectIdTime.getTime();
  // Back-office users exist before the first lead.
  const userAt = (): number => firstMs - random.int(1, 365) * dayMs;
  const admins = Array.from({ length: adminCount }, () => users.at(userAt()));
  const agents = Array.from({ length: agentCount }, () => users.at(userAt()));
  const leadSpacingMs = (options.now.getTime() - firstMs) / Math.max(options.leadCount, 1);
  return { options, leadIds, subdocumentProcess, agents, admins, leadSpacingMs };
}

function* leadsOf(context: LeadContext): Generator<GeneratedLead> {
  for (let index = 0; index < context.options.leadCount; index += 1) yield buildLead(context, index);
}

/**
 * Streams `leadCount` realistic lead documents, one at a time (100,000 leads never sit in memory together).
 * Deterministic: the same options give the same documents, byte for byte. Options are checked at the call, not at
 * the first iteration.
 *
 * Lead `_id`s increase with the lead index (their timestamps go from `firstObjectIdTime` towards `now`).
 */
export function generateLeads(options: GeneratorOptions): Generator<GeneratedLead> {
  return leadsOf(createContext(resolveOptions(options)));
}

/** All leads in an array: convenient for small test corpora. */
export function generateLeadArray(options: GeneratorOptions): GeneratedLead[] {
  return [...generateLeads(options)];
}
