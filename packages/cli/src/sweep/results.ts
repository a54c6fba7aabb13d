import Table from 'cli-table3';
import { sha256Hex, TickfoldError } from '@tickfold/core';
import { percent } from '../output/format.js';
import { COMPACT } from '../output/tableStyle.js';
import type { SweepMetrics } from './metrics.js';

/** One finished combination, as `sweep --json` prints it. */
export interface SweepRun {
  readonly id: string;
  readonly dir: string;
  /** Strategy name → its parameters (defaults with the grid's values over them). */
  readonly params: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly symbol: string;
  readonly seed: number;
  readonly head: string;
  readonly metrics: SweepMetrics;
}

/** What --rank accepts, and which way is better. */
const RANKS = {
  'total-return': { key: 'totalReturn', better: 'high' },
  cagr: { key: 'cagr', better: 'high' },
  sharpe: { key: 'sharpe', better: 'high' },
  sortino: { key: 'sortino', better: 'high' },
  'max-drawdown': { key: 'maxDrawdown', better: 'low' },
  trades: { key: 'trades', better: 'high' },
  'win-rate': { key: 'winRate', better: 'high' },
} as const satisfies Record<string, { key: keyof SweepMetrics; better: 'high' | 'low' }>;
export type Rank = keyof typeof RANKS;
export const RANK_NAMES = Object.keys(RANKS) as Rank[];

export function parseRank(text: string): Rank {
  if (!(text in RANKS)) throw new TickfoldError('E_FLAG_INVALID', `--rank ${JSON.stringify(text)} is not one of ${RANK_NAMES.join(', ')}; for example: --rank sharpe`, { flag: '--rank', value: text });
  return text as Rank;
}

/** Best first by the metric (undefined values last), ties by id: the same order whatever finished first. */
export function ranked(runs: readonly SweepRun[], rank: Rank): SweepRun[] {
  const { key, better } = RANKS[rank];
  const value = (r: SweepRun) => r.metrics[key] as number | null;
  return [...runs].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return better === 'high' ? vb - va : va - vb;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** sha256 over "id head" lines sorted by id: two sweeps compare by one hash whatever the scheduling. */
export const sweepHash = (runs: readonly SweepRun[]): string =>
  sha256Hex(['tickfold/sweep/v1', ...[...runs].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => `${r.id} ${r.head}`)].join('\n'));

export const paramsText = (params: SweepRun['params']): string =>
  Object.entries(params).map(([name, p]) => `${name} ${Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ')}`).join('; ');

const fixed = (n: number | null, digits = 2): string => (n === null ? '–' : n.toFixed(digits));
const pct = (n: number | null): string => (n === null ? '–' : percent(n));

export function resultsTable(runs: readonly SweepRun[]): string {
  const table = new Table({
    head: ['#', 'params', 'symbol', 'seed', 'return', 'CAGR', 'Sharpe', 'Sortino', 'max DD', 'trades', 'run id'],
    ...COMPACT,
    colAligns: ['right', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  });
  runs.forEach((r, i) => {
    const m = r.metrics;
    table.push([String(i + 1), paramsText(r.params), r.symbol, String(r.seed), pct(m.totalReturn), pct(m.cagr), fixed(m.sharpe), fixed(m.sortino), pct(m.maxDrawdown), String(m.trades), r.id]);
  });
  return table.toString();
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per run in ranked order: id, symbol, seed, one column per strategy parameter, every metric, head, dir. */
export function resultsCsv(runs: readonly SweepRun[]): string {
  const paramCols = [...new Set(runs.flatMap((r) => Object.entries(r.params).flatMap(([n, p]) => Object.keys(p).map((k) => `${n}.${k}`))))];
  const metricCols = runs[0] ? (Object.keys(runs[0].metrics) as (keyof SweepMetrics)[]) : [];
  const rows = [['rank', 'id', 'symbol', 'seed', ...paramCols, ...metricCols, 'head', 'dir']];
  runs.forEach((r, i) => {
    const param = (col: string) => {
      const dot = col.lastIndexOf('.');
      return r.params[col.slice(0, dot)]?.[col.slice(dot + 1)] ?? null;
    };
    rows.push([String(i + 1), r.id, r.symbol, String(r.seed), ...paramCols.map((c) => csvCell(param(c))), ...metricCols.map((k) => csvCell(r.metrics[k])), r.head, csvCell(r.dir)]);
  });
  return `${rows.map((row) => row.join(',')).join('\n')}\n`;
}
