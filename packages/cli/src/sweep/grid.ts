import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TickfoldError } from '@tickfold/core';
import { parseList, parseNumber } from '../args/values.js';
import { parseParamAssignment } from '../config/strategyFlags.js';

/** One dimension of a grid: a strategy parameter and the values it takes, in the order given. */
export interface Axis {
  readonly name: string;
  readonly key: string;
  /** As the user wrote them: each becomes `--param name.key=value` of one run. */
  readonly values: readonly string[];
}

function axis(flag: string, name: string, key: string, values: readonly string[]): Axis {
  if (values.length === 0) throw new TickfoldError('E_FLAG_INVALID', `${flag} ${name}.${key} has no values; give at least one`, { flag });
  for (const v of values) parseNumber(flag, v, -Number.MAX_VALUE);
  if (new Set(values.map(Number)).size !== values.length) throw new TickfoldError('E_FLAG_INVALID', `${flag} ${name}.${key} lists a value twice (${values.join(',')}); each combination must be distinct`, { flag });
  return { name, key, values };
}

/** `--grid NAME.KEY=V1,V2,…`, repeatable. */
export function gridFromFlags(texts: readonly string[]): Axis[] {
  return texts.map((text) => {
    const { name, key, value } = parseParamAssignment('--grid', text);
    return axis('--grid', name, key, parseList('--grid', value));
  });
}

/**
 * `--grid-file FILE`: `{ "sma-cross": { "fast": [5, 10, 20], "slow": [30, 50] } }` — strategies,
 * then parameters, then values, in the file's order.
 */
export function gridFromFile(file: string, cwd: string): Axis[] {
  const path = resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TickfoldError('E_CONFIG_FILE', `cannot read grid file ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); it holds JSON like { "sma-cross": { "fast": [5, 10], "slow": [30, 50] } }`, { file: path });
  }
  const bad = (where: string) => new TickfoldError('E_CONFIG_INVALID', `grid file ${path}: ${where}; it holds JSON like { "sma-cross": { "fast": [5, 10], "slow": [30, 50] } }`, { file: path });
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad('the top level must be an object of strategies');
  const axes: Axis[] = [];
  for (const [name, params] of Object.entries(parsed)) {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw bad(`/${name} must be an object of parameters`);
    for (const [key, values] of Object.entries(params as Record<string, unknown>)) {
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) throw bad(`/${name}/${key} must be an array of numbers`);
      axes.push(axis('--grid-file', name, key, values.map(String)));
    }
  }
  return axes;
}

/** Every combination of the axes' values, the last axis varying fastest; one empty point without axes. */
export function cartesian(axes: readonly Axis[]): { name: string; key: string; value: string }[][] {
  let points: { name: string; key: string; value: string }[][] = [[]];
  for (const a of axes) points = points.flatMap((p) => a.values.map((value) => [...p, { name: a.name, key: a.key, value }]));
  return points;
}
