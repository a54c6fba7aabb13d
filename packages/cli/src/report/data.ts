import { heldBenchmark, roundTrips, spanIndexes, sumOfAccounts, symbolCurves, type RunTrack, type SymbolCurves } from '../metrics/index.js';
import { compact, thinMarks, thinPlan, thinSeries, thinTimes, type ThinPlan } from './thin.js';

/** Most buckets a chart is drawn with: two points each, so at most 2,000 points a series. */
export const MAX_BUCKETS = 1000;

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'] as const;

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly style: 'line' | 'dash' | 'area' | 'dots';
  readonly values: (number | null)[];
}

/** One chart, drawn by the page's script; all charts share the thinned time axis. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  readonly height: number;
  /** A checkbox switches the y axis between linear and log scale. */
  readonly logToggle: boolean;
  readonly series: ChartSeries[];
}

export interface ChartData {
  /** Epoch seconds of the drawn points. */
  readonly times: number[];
  readonly charts: ChartSpec[];
  readonly ticks: number;
  readonly perBucket: number;
  /** Per symbol: entry/exit marks merged away, and the ticks per run that shows at most one mark (1: every mark shown). */
  readonly marks: Readonly<Record<string, { readonly merged: number; readonly perRun: number }>>;
}


const line = (label: string, color: string, values: readonly (number | null)[], plan: ThinPlan, style: ChartSeries['style'] = 'line'): ChartSeries =>
  ({ label, color, style, values: thinSeries(plan, values).map(compact) });


/** Drawdown (as a positive fraction) of a curve from its running peak, starting at `initial`. */
function drawdownOf(curve: readonly number[], initial: number): number[] {
  let peak = initial;
  return curve.map((e) => {
    peak = Math.max(peak, e);
    return peak > 0 ? 1 - e / peak : 0;
  });
}

/** A symbol's equity where it has data (its span), null elsewhere. */
const inSpan = (track: RunTrack, symbol: string, curves: SymbolCurves) => track.symbols[symbol]!.equity.map((e, k) => (curves.drawdown[k] === null ? null : e));

const underwater = (values: readonly (number | null)[]) => values.map((d) => (d === null ? null : -100 * d));

/**
 * Every chart of the tearsheet, thinned to at most MAX_BUCKETS buckets.
 *
 * @example const data = chartData(track); data.charts.map((c) => c.id) // ['chart-equity', …]
 */
export function chartData(track: RunTrack, maxBuckets = MAX_BUCKETS): ChartData {
  const plan = thinPlan(track.ticks.length, maxBuckets);
  const symbols = Object.keys(track.symbols);
  const cash = track.config.cash;
  const n = symbols.length;
  const curves = Object.fromEntries(symbols.map((s) => [s, symbolCurves(track, s)]));
  const total = sumOfAccounts(track);
  const held = symbols.map((s) => heldBenchmark(curves[s]!.benchmark, cash));
  const totalBenchmark = track.ticks.map((_, i) => held.reduce((sum, h) => sum + h[i]!, 0));
  const charts: ChartSpec[] = [];
  const sumTitle = n > 1 ? `Sum of ${n} independent accounts (each symbol trades its own cash; not a portfolio) against buy-and-hold of the same symbols` : `${symbols[0]}: account equity against buy-and-hold of the same bars`;
  charts.push({ id: 'chart-equity', title: sumTitle, yLabel: 'equity', height: 300, logToggle: true, series: [line(n > 1 ? 'sum of accounts' : 'account', '#000', total, plan), line('buy-and-hold', '#888', totalBenchmark, plan, 'dash')] });
  if (n > 1) {
    charts.push({ id: 'chart-accounts', title: 'Each symbol\'s account, over its own span', yLabel: 'equity', height: 260, logToggle: true, series: symbols.map((s, i) => line(s, PALETTE[i % PALETTE.length]!, inSpan(track, s, curves[s]!), plan)) });
    charts.push({ id: 'chart-underwater-total', title: 'Underwater: sum of accounts', yLabel: 'drawdown %', height: 140, logToggle: false, series: [line('sum of accounts', '#000', underwater(drawdownOf(total, cash * n)), plan, 'area')] });
  }
  symbols.forEach((s, i) => {
    charts.push({ id: `chart-underwater-${i}`, title: `Underwater: ${s}`, yLabel: 'drawdown %', height: 140, logToggle: false, series: [line(s, PALETTE[i % PALETTE.length]!, underwater(curves[s]!.drawdown), plan, 'area')] });
  });
  const marks: Record<string, { merged: number; perRun: number }> = {};
  const index = new Map(track.ticks.map((tick, k) => [tick, k]));
  symbols.forEach((s, i) => {
    const t = track.symbols[s]!;
    const color = PALETTE[i % PALETTE.length]!;
    charts.push({ id: `chart-symbol-${i}`, title: `${s}: account against buy-and-hold of its bars`, yLabel: 'equity', height: 220, logToggle: true, series: [line('account', color, inSpan(track, s, curves[s]!), plan), line('buy-and-hold', '#888', curves[s]!.benchmark, plan, 'dash')] });
    const range = spanIndexes(t, track.ticks);
    const last = range ? t.price[range.last] : null;
    const trips = roundTrips(t.fills, range && last != null ? { price: last, time: new Date(track.timesMs[range.last]!).toISOString() } : null);
    const picked = (pick: (trip: (typeof trips)[number]) => { tick: number | null; price: number | null } | null) =>
      trips.map(pick).filter((m): m is { tick: number; price: number } => m !== null && m.tick !== null && m.price !== null && index.has(m.tick)).map((m) => ({ index: index.get(m.tick)!, value: m.price }));
    const longs = thinMarks(plan, picked((tr) => (tr.side === 'long' ? { tick: tr.entryTick, price: tr.entryPrice } : null)), 'first');
    const shorts = thinMarks(plan, picked((tr) => (tr.side === 'short' ? { tick: tr.entryTick, price: tr.entryPrice } : null)), 'first');
    const exits = thinMarks(plan, picked((tr) => ({ tick: tr.exitTick, price: tr.exitPrice })), 'last');
    const kills = thinMarks(plan, t.trips.filter((k) => index.has(k.tick)).map((k) => ({ index: index.get(k.tick)!, value: t.price[index.get(k.tick)!] ?? 0 })).filter((m) => m.value > 0), 'last');
    marks[s] = { merged: longs.merged + shorts.merged + exits.merged, perRun: Math.max(longs.perRun, shorts.perRun, exits.perRun) };
    charts.push({
      id: `chart-price-${i}`, title: `${s}: close with round-trip entries and exits`, yLabel: 'price', height: 260, logToggle: false,
      series: [
        line('close', '#555', t.price, plan),
        { label: 'long entry', color: '#2ca02c', style: 'dots', values: longs.column.map(compact) },
        { label: 'short entry', color: '#9467bd', style: 'dots', values: shorts.column.map(compact) },
        { label: 'exit', color: '#d62728', style: 'dots', values: exits.column.map(compact) },
        { label: 'kill switch', color: '#000', style: 'dots', values: kills.column.map(compact) },
      ],
    });
  });
  return { times: thinTimes(plan, track.timesMs).map((t) => t / 1000), charts, ticks: track.ticks.length, perBucket: plan.perBucket, marks };
}
