import { PEER_IDS } from './servers.ts';
import type { Metric } from './variant.ts';

export type Values = Record<string, number | null>;

/**
 * How a ratio column compares: ours ÷ the best peer (servers as columns), or one column
 * ÷ another (ours ÷ the raw relay; setups of our server, e.g. 2 nodes ÷ 1 node).
 */
export type RatioRule =
  { kind: 'best-peer' } | { kind: 'pair'; label: string; numerator: string; denominator: string };

export interface VariantReport {
  id: string;
  title: string;
  metrics: Metric[];
  /** Column ids in table order: server ids, or setups of ours such as "ours, 2 nodes". */
  columns: string[];
  ratios: RatioRule[];
  results: Partial<Record<string, Values>>;
  /** Why a column has no results in this variant. */
  errors: Partial<Record<string, string>>;
  /** Per ratio label, per metric, as its rule says (null when either side is missing). */
  ratioValues: Record<string, Record<string, number | null>>;
  /** Printed under the table (e.g. a cleanup that failed). */
  notes?: string[];
}

const value = (values: Values | undefined, key: string): number | null => values?.[key] ?? null;

function ratioLabel(rule: RatioRule): string {
  return rule.kind === 'pair' ? rule.label : 'ours ÷ best peer';
}

/** Every rule's ratios, by its label. */
export function ratioValuesOf(
  metrics: Metric[],
  results: VariantReport['results'],
  rules: readonly RatioRule[],
): VariantReport['ratioValues'] {
  return Object.fromEntries(
    rules.map((rule) => [ratioLabel(rule), ratiosOf(metrics, results, rule)]),
  );
}

function ratiosOf(metrics: Metric[], results: VariantReport['results'], rule: RatioRule) {
  const ratios: Record<string, number | null> = {};
  for (const metric of metrics) {
    const numerator = value(results[rule.kind === 'pair' ? rule.numerator : 'ours'], metric.key);
    const others =
      rule.kind === 'pair'
        ? [value(results[rule.denominator], metric.key)]
        : PEER_IDS.map((id) => value(results[id], metric.key));
    const peers = others.filter((v): v is number => v !== null);
    if (numerator === null || peers.length === 0) {
      ratios[metric.key] = null;
      continue;
    }
    const best = metric.better === 'lower' ? Math.min(...peers) : Math.max(...peers);
    ratios[metric.key] =
      best === 0 ? (numerator === 0 ? 1 : null) : Math.round((numerator / best) * 100) / 100;
  }
  return ratios;
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en');
  const abs = Math.abs(v);
  return v.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
}

function verdict(metric: Metric, ratio: number | null, rule: RatioRule): string {
  if (ratio === null) return '—';
  const worse = metric.better === 'lower' ? ratio > 1.1 : ratio < 0.9;
  const better = metric.better === 'lower' ? ratio < 0.9 : ratio > 1.1;
  // Against the peers we are behind or ahead; one setup of ours is worse or better.
  const [down, up] = rule.kind === 'pair' ? ['worse', 'better'] : ['behind', 'ahead'];
  return `${ratio.toFixed(2)}×${worse ? `  ${down}` : better ? `  ${up}` : ''}`;
}

export function formatTable(report: VariantReport): string {
  const header = ['metric', ...report.columns, ...report.ratios.map(ratioLabel)];
  const rows = report.metrics.map((metric) => [
    metric.label,
    ...report.columns.map((column) => {
      if (report.errors[column] !== undefined) return 'error';
      return fmt(value(report.results[column], metric.key));
    }),
    ...report.ratios.map((rule) =>
      verdict(metric, report.ratioValues[ratioLabel(rule)]?.[metric.key] ?? null, rule),
    ),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const errors = report.columns.flatMap((column) => {
    const error = report.errors[column];
    return error === undefined
      ? []
      : [`  ${column} failed: ${error.split('\n').slice(0, 3).join(' | ')}`];
  });
  return [
    `\n## ${report.title}`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    ...errors,
    ...(report.notes ?? []).map((note) => `  ${note}`),
  ].join('\n');
}
