/** One measured figure: what, how much, and the target it is held to when it has one. */
export interface Figure {
  name: string;
  value: string;
  target?: string;
  /** Undefined for figures without a target. */
  ok?: boolean;
}

export interface Section {
  title: string;
  figures: Figure[];
  notes?: string[];
}

export const fmt = {
  rps: (n: number) => `${Math.round(n).toLocaleString('en-US')} req/s`,
  ms: (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`,
  ratio: (n: number) => `${n.toFixed(2)}x`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  count: (n: number) => n.toLocaleString('en-US'),
};

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'ok' : 'MISSED');

export function printSection(section: Section): void {
  const rows = section.figures.map((f) => [f.name, f.value, f.target ?? '', mark(f.ok)]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 0));
  console.log(`\n== ${section.title}`);
  for (const row of rows) console.log(`  ${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padEnd(widths[2]!)}  ${row[3]}`.trimEnd());
  for (const note of section.notes ?? []) console.log(`  - ${note}`);
}

/** The same sections as Markdown tables, for docs/performance.md. */
export function markdown(sections: readonly Section[]): string {
  return sections
    .map((section) => {
      const lines = [`### ${section.title}`, '', '| Figure | Measured | Target | |', '|---|---:|---|---|'];
      for (const f of section.figures) lines.push(`| ${f.name} | ${f.value} | ${f.target ?? ''} | ${mark(f.ok)} |`);
      for (const note of section.notes ?? []) lines.push('', `- ${note}`);
      return lines.join('\n');
    })
    .join('\n\n');
}
