import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText, parseArguments } from '#local/cli/arguments.ts';
import { exitCodeLine, exitCodes } from '#local/cli/command-io.ts';
import { integerSettings } from '#shared/core/config.ts';
import { exampleMarkers, exampleRegion } from '../../../scripts/docs-examples/regions.ts';

/** The README against the command line's own `--help`: a command added, renamed or dropped shows up here. */
const root = resolve(import.meta.dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const packageScripts = Object.keys(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);
const cliPrefix = 'npm run cleanup:sessions -- ';
const regions = ['local', 'remote'] as const;

/** The README without its generated example regions: the text a person wrote. */
function writtenReadme(): string {
  let text = readme;
  for (const name of regions) text = text.replace(exampleRegion(text, name), '\n');
  return text;
}

/** Every `npm run cleanup:sessions -- ...` command line in `text`, without a trailing `# comment`. */
function commandLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.includes(cliPrefix))
    .map((line) => (line.slice(line.indexOf(cliPrefix) + cliPrefix.length).split(/\s#\s/)[0] ?? '').trim());
}

/** A command's name: its leading words (`report show`, `leads list`); a job run has none (`[run]` in the help). */
function commandName(line: string): string {
  const words: string[] = [];
  for (const token of line.split(/\s+/)) {
    const word = token === '[run]' ? 'run' : token;
    if (!/^[a-z][a-z|]*$/.test(word)) break;
    words.push(word);
  }
  return words.filter((word) => word !== 'run').join(' ');
}

const helpUsage = helpText.slice(helpText.indexOf('Usage:'), helpText.indexOf('\n\n', helpText.indexOf('Usage:')));

describe('the README and --help', () => {
  it('list the same commands', () => {
    const inHelp = new Set(commandLines(helpUsage).map(commandName));
    const inReadme = new Set(commandLines(writtenReadme()).map(commandName));
    expect([...inReadme].sort()).toEqual([...inHelp].sort());
    expect(inHelp).toContain('leads list');
  });

  it('use only flags that --help documents', () => {
    const flags = new Set(commandLines(writtenReadme()).flatMap((line) => line.match(/--[a-z][a-z-]*/g) ?? []));
    const undocumented = [...flags].filter((flag) => !helpText.includes(flag));
    expect(undocumented).toEqual([]);
    expect(flags.size).toBeGreaterThan(10);
  });

  it('name only npm scripts that package.json defines', () => {
    const scripts = new Set([...readme.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((match) => match[1] as string));
    expect([...scripts].filter((script) => !packageScripts.includes(script))).toEqual([]);
  });

  it.each(regions)('carry generated %s examples whose commands the command line accepts', (name) => {
    const region = exampleRegion(readme, name);
    const commands = region
      .split('\n')
      .filter((line) => line.startsWith(`$ ${cliPrefix}`))
      .map((line) => line.slice(`$ ${cliPrefix}`.length).split(/\s+/));
    expect(commands.length, `run npm run docs:examples to fill ${exampleMarkers(name).begin}`).toBeGreaterThan(0);
    for (const argv of commands) expect(() => parseArguments(argv), argv.join(' ')).not.toThrow();
  });
});

describe('the README and --help on failures', () => {
  it('state the same exit codes, every code the command line uses', () => {
    expect(helpText).toContain(exitCodeLine);
    expect(readme).toContain(exitCodeLine);
    for (const [name, code] of Object.entries(exitCodes)) expect(exitCodeLine, name).toContain(`${code} `);
  });

  it('document every environment variable the settings validate', () => {
    const variables = [...integerSettings.map((setting) => setting.variable), 'SESSION_CLEANUP_ENABLED'];
    for (const variable of [...variables, 'BATCH_SIZE', 'MONGODB_DATABASE', 'LEADS_COLLECTION', 'MONGODB_URI']) {
      expect(readme, variable).toContain(`| \`${variable}\` |`);
      expect(helpText, variable).toContain(variable);
    }
  });
});
