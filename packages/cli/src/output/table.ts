import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import type { RunSummary, SymbolSummary } from './summary.js';
import { money, percent, units } from './format.js';
import { haltLine } from './halts.js';
import { COMPACT } from './tableStyle.js';
import { bySign, PLAIN, type Terminal } from './terminal.js';

interface Column {
  readonly head: string;
  /** Lower keeps the column longer when the terminal is narrow. */
  readonly keep: number;
  readonly cell: (s: SymbolSummary, term: Terminal) => string;
}

const orNa = (v: number | null, show: (v: number) => string) => (v === null ? 'n/a' : show(v));

/** Left to right as shown; `keep` decides which go first on a narrow terminal. */
const COLUMNS: readonly Column[] = [
  { head: 'equity', keep: 1, cell: (s) => money(s.equity) },
  { head: 'P&L', keep: 8, cell: (s, t) => bySign(t, s.totalPnl, money(s.totalPnl)) },
  { head: 'return', keep: 2, cell: (s, t) => bySign(t, s.metrics.totalReturn, percent(s.metrics.totalReturn)) },
  { head: 'CAGR', keep: 5, cell: (s, t) => bySign(t, s.metrics.cagr, orNa(s.metrics.cagr, (v) => percent(v))) },
  { head: 'Sharpe', keep: 6, cell: (s) => orNa(s.metrics.sharpe, (v) => v.toFixed(2)) },
  { head: 'max DD', keep: 3, cell: (s) => percent(s.metrics.maxDrawdown) },
  { head: 'trades', keep: 4, cell: (s) => String(s.metrics.trades) },
  { head: 'win', keep: 7, cell: (s) => orNa(s.metrics.winRate, (v) => percent(v, 1)) },
  { head: 'fees', keep: 9, cell: (s) => money(s.fees) },
  { head: 'position', keep: 10, cell: (s) => units(s.position) },
  { head: 'cash', keep: 11, cell: (s) => money(s.cash) },
  { head: 'fills', keep: 12, cell: (s) => String(s.fills) },
];

const widthOf = (text: string) => Math.max(...text.split('\n').map((l) => stripVTControlCharacters(l).length));

function render(summary: RunSummary, columns: readonly Column[], term: Terminal): string {
  const table = new Table({ head: ['symbol', ...columns.map((c) => c.head)], ...COMPACT, colAligns: ['left', ...columns.map(() => 'right' as const)] });
  for (const [symbol, s] of Object.entries(summary.symbols)) {
    table.push([s.haltedBy ? term.color.yellow(symbol) : symbol, ...columns.map((c) => c.cell(s, term))]);
  }
  return table.toString();
}

/**
 * The per-symbol table printed at the end of `run` and `replay`: as many columns as fit the
 * terminal (all of them in a pipe), the least needed dropped first; gains green and losses red
 * where the terminal has colour.
 */
export function summaryTable(summary: RunSummary, term: Terminal = PLAIN): string {
  let columns = [...COLUMNS];
  for (;;) {
    const text = render(summary, columns, term);
    if (widthOf(text) <= term.width || columns.length <= 1) return text;
    const drop = columns.reduce((worst, c) => (c.keep > worst.keep ? c : worst));
    columns = columns.filter((c) => c !== drop);
  }
}

/** The summary block: title, table, which symbol a kill switch halted and why, and the run's coordinates. */
export function summaryText(summary: RunSummary, title: string, term: Terminal = PLAIN): string {
  const halts = Object.entries(summary.symbols).flatMap(([symbol, s]) => (s.haltedBy ? [term.color.bold(term.color.yellow(haltLine(symbol, s.haltedBy)))] : []));
  return [
    `${term.color.bold(title)}: ${summary.ticks} ticks, ${summary.events} events`,
    summaryTable(summary, term),
    ...halts,
    `run   ${summary.run}`,
    `head  ${summary.head}`,
  ].join('\n');
}
