import type { RatioRule, Values } from './report.ts';
import { PEER_IDS, type ServerSpec } from './servers.ts';

type Better = 'lower' | 'higher';

export interface Metric {
  key: string;
  label: string;
  better: Better;
}

/** What a variant's columns share, from before the first column to after the last. */
export interface VariantSession {
  /** Runs one column on a board of its own and returns its figures. */
  run(column: string, board: string): Promise<Values>;
  close(): Promise<void>;
  /** Printed under the table (e.g. what the servers logged). */
  notes?: string[];
}

/**
 * One scenario at one scale, compared metric by metric across columns: every server, or
 * setups of ours (1 node, 2 nodes).
 */
export interface Variant {
  id: string;
  title: string;
  metrics: Metric[];
  columns: string[];
  /** The ratio columns printed after the figures, in order. */
  ratios: RatioRule[];
  /** Sets up what the columns share; throws (with the reason) when it cannot. */
  open(): Promise<VariantSession>;
}

export const RAW_RELAY = 'raw-relay';

/**
 * The ratios of a table whose columns are servers: ours ÷ the best peer, and each of our
 * columns ÷ the raw relay (the floor) when it ran.
 */
function serverRatios(columns: readonly string[]): RatioRule[] {
  const rules: RatioRule[] = [];
  const has = (id: string) => columns.includes(id);
  if (has('ours') && PEER_IDS.some(has)) rules.push({ kind: 'best-peer' });
  if (has(RAW_RELAY)) {
    for (const ours of ['ours', 'ours-postgres'].filter(has)) {
      rules.push({
        kind: 'pair',
        label: `${ours} ÷ raw relay`,
        numerator: ours,
        denominator: RAW_RELAY,
      });
    }
  }
  return rules;
}

/** A variant whose columns are the servers, compared with `serverRatios`. */
export function perServer(
  servers: ServerSpec[],
  variant: Pick<Variant, 'id' | 'title' | 'metrics'>,
  run: (spec: ServerSpec, board: string) => Promise<Values>,
): Variant {
  const columns = servers.map((s) => s.id);
  return {
    ...variant,
    columns,
    ratios: serverRatios(columns),
    open: () =>
      Promise.resolve({
        run: (column, board) =>
          run(
            servers.find((s) => s.id === column)!,
            board,
          ),
        close: () => Promise.resolve(),
      }),
  };
}
