import type { ServerId, ServerSpec } from './servers.ts';
import type { Metric } from './scenarios.ts';

export type Values = Record<string, number | null>;

export interface VariantReport {
  id: string;
  title: string;
  metrics: Metric[];
  results: Partial<Record<ServerId, Values>>;
  /** Why a server has no results in this variant. */
  errors: Partial<Record<ServerId, string>>;
  /** ours ÷ best peer, per metric (null when either side is missing). */
  ratios: Record<string, number | null>;
}

const value = (values: Values | undefined, key: string): number | null => values?.[key] ?? null;

export function ratiosOf(metrics: Metric[], results: VariantReport['results']) {
  const ratios: Record<string, number | null> = {};
  for (const metric of metrics) {
    const ours = value(results.ours, metric.key);
    const peers = (['y-websocket-server', 'hocuspocus'] as const)
      .map((id) => value(results[id], metric.key))
      .filter((v): v is number => v !== null);
    if (ours === null || peers.length === 0) {
      ratios[metric.key] = null;
      continue;
    }
    const best = metric.better === 'lower' ? Math.min(...peers) : Math.max(...peers);
    ratios[metric.key] =
      best === 0 ? (ours === 0 ? 1 : null) : Math.round((ours / best) * 100) / 100;
  }
  return ratios;
}

function fmt(v: number | null): string {
  if (v === null) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en');
  const abs = Math.abs(v);
  return v.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
}

function verdict(metric: Metric, ratio: number | null): string {
  if (ratio === null) return '—';
  const worse = metric.better === 'lower' ? ratio > 1.1 : ratio < 0.9;
  const better = metric.better === 'lower' ? ratio < 0.9 : ratio > 1.1;
  return `${ratio.toFixed(2)}×${worse ? '  behind' : better ? '  ahead' : ''}`;
}

export function formatTable(report: VariantReport, servers: ServerSpec[]): string {
  const header = ['metric', ...servers.map((s) => s.id), 'ours ÷ best peer'];
  const rows = report.metrics.map((metric) => [
    metric.label,
    ...servers.map((s) => {
      if (report.errors[s.id] !== undefined) return 'error';
      return fmt(value(report.results[s.id], metric.key));
    }),
    verdict(metric, report.ratios[metric.key] ?? null),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const errors = servers.flatMap((s) => {
    const error = report.errors[s.id];
    return error === undefined
      ? []
      : [`  ${s.id} failed: ${error.split('\n').slice(0, 3).join(' | ')}`];
  });
  return [
    `\n## ${report.title}`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    ...errors,
  ].join('\n');
}
