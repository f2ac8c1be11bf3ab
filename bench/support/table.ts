/** Plain-text tables for the terminal (and Markdown: the same pipes and dashes). */

export interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines printed under the table (units, caveats). */
  readonly notes?: readonly string[];
}

/** Numbers are right-aligned, text left-aligned, so columns of figures line up. */
const looksNumeric = (cell: string): boolean => /^[-+~<>]?[\d.,]+\s*[%x]?[A-Za-z/]*$/.test(cell.trim());

export function renderTable(table: Table): string {
  const widths = table.header.map((title, column) =>
    Math.max(title.length, ...table.rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return looksNumeric(cell) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const notes = (table.notes ?? []).map((note) => `  ${note}`);
  return [`\n${table.title}`, line(table.header), rule, ...table.rows.map(line), ...notes].join('\n');
}

export function printTable(table: Table): void {
  process.stdout.write(`${renderTable(table)}\n`);
}
