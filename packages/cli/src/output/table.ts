import Table from 'cli-table3';
import type { RunSummary } from './summary.js';
import { money, percent, units } from './format.js';
import { COMPACT } from './tableStyle.js';

/**
 * The compact per-symbol table printed at the end of `run` and `replay`.
 * Plain borders without colour so it reads the same in a terminal, a pipe or a log file.
 */
export function summaryTable(summary: RunSummary): string {
  const table = new Table({
    head: ['symbol', 'equity', 'total P&L', 'cash', 'position', 'fills', 'round trips', 'fees', 'max DD'],
    ...COMPACT,
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const [symbol, s] of Object.entries(summary.symbols)) {
    table.push([symbol, money(s.equity), money(s.totalPnl), money(s.cash), units(s.position), String(s.fills), String(s.roundTrips), money(s.fees), percent(s.maxDrawdown)]);
  }
  return table.toString();
}

/** The summary block: table plus the run's coordinates. */
export function summaryText(summary: RunSummary, title: string): string {
  return [
    `${title}: ${summary.ticks} ticks, ${summary.events} events`,
    summaryTable(summary),
    `run   ${summary.run}`,
    `head  ${summary.head}`,
  ].join('\n');
}
