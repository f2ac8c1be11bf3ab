import { loadavg } from 'node:os';
import { join } from 'node:path';
import { kilobytes, milliseconds } from '../support/format.ts';
import { printTable } from '../support/table.ts';
import { targetsTable, type TargetVerdict } from '../support/targets.ts';
import { buildBundle, functionEntries, type BuiltBundle, type FunctionKind } from './build-bundles.ts';
import { measureColdImport, type ColdImport } from './cold-import.ts';

export interface BundlesOptions {
  readonly importRuns: number;
  readonly workDirectory: string;
}

export type BundleResult = BuiltBundle & { readonly coldImport: ColdImport };

/** Size limits of the issue, in bytes (KB and MB as 10^3 and 10^6). */
const limits: Partial<Record<FunctionKind, { readonly bytes: number; readonly text: string }>> = {
  job: { bytes: 600_000, text: '<= 600 KB' },
  step: { bytes: 1_500_000, text: '<= 1.5 MB' },
};

const contributors = (bundle: BuiltBundle): string =>
  bundle.topPackages
    .slice(0, 5)
    .map((contributor) => `${contributor.name} ${kilobytes(contributor.bytes)}`)
    .join(', ');

export async function runBundlesPart(
  options: BundlesOptions,
): Promise<{ bundles: BundleResult[]; targets: TargetVerdict[] }> {
  const outDirectory = join(options.workDirectory, 'bundles');
  const bundles: BundleResult[] = [];
  const loadAtStart = loadavg()[0] ?? 0;
  for (const entry of functionEntries) {
    const built = await buildBundle(entry, outDirectory);
    bundles.push({ ...built, coldImport: measureColdImport(built.file, options.importRuns, entry.handlers) });
    process.stdout.write(`  [bundles] ${entry.name} done\n`);
  }
  printTable({
    title: 'Lambda bundles (esbuild, minified, ESM, node24, AWS SDK bundled)',
    header: [
      'function',
      'kind',
      'KB',
      'KB, runtime SDK',
      'cold import ms',
      'process ms',
      '5 largest contributors (KB in the bundle)',
    ],
    rows: bundles.map((bundle) => [
      bundle.name,
      bundle.kind,
      kilobytes(bundle.bytes),
      kilobytes(bundle.bytesWithRuntimeSdk),
      milliseconds(bundle.coldImport.importMs),
      milliseconds(bundle.coldImport.processMs),
      contributors(bundle),
    ]),
    notes: [
      `KB = 1,000 bytes. Cold import: \`await import()\` of the bundle in a fresh node process, median of ${String(options.importRuns)};`,
      'process: spawn to exit of that process (Node start-up included).',
      `machine load (1-min average) ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end.`,
      'KB, runtime SDK: the same build with @aws-sdk/* and @smithy/* left external (not what the stack deploys).',
    ],
  });
  const targets: TargetVerdict[] = bundles.flatMap((bundle) => {
    const limit = limits[bundle.kind];
    if (limit === undefined) return [];
    return [
      {
        target: `${bundle.name} ${limit.text}`,
        measured: `${kilobytes(bundle.bytes)} KB (${(bundle.bytes / 1024).toFixed(1)} KiB)`,
        met: bundle.bytes <= limit.bytes,
      },
      ...(bundle.kind === 'job'
        ? [
            {
              target: `${bundle.name} <= 60 KB if the runtime's SDK were used (not deployed)`,
              measured: `${kilobytes(bundle.bytesWithRuntimeSdk)} KB`,
              met: bundle.bytesWithRuntimeSdk <= 60_000,
            },
          ]
        : []),
    ];
  });
  printTable(targetsTable('Bundles: targets', targets));
  return { bundles, targets };
}
