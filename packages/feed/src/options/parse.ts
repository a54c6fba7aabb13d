import type { ErrorObject, ValidateFunction } from 'ajv';
import { TickfoldError } from '@tickfold/core';
import { describeAjvError } from '@tickfold/core/internal';
import * as precompiled from './optionValidators.js';

const BASE = '/feed/options';

const pointerOf = (e: ErrorObject): string =>
  `${BASE}${e.instancePath}${e.keyword === 'additionalProperties' ? `/${String(e.params['additionalProperty'])}` : ''}`;

/**
 * One problem per pointer: a union (anyOf) reports every branch that failed, which reads as
 * noise; collapse those into "must be one of …" with the literal values the branches allow.
 */
function problems(errors: readonly ErrorObject[]): { pointer: string; text: string }[] {
  const byPointer = new Map<string, ErrorObject[]>();
  for (const e of errors) byPointer.set(pointerOf(e), [...(byPointer.get(pointerOf(e)) ?? []), e]);
  return [...byPointer.entries()].map(([pointer, group]) => {
    if (!group.some((e) => e.keyword === 'anyOf')) return { pointer, text: group.map((e) => describeAjvError(e, BASE)).join('; ') };
    const allowed = group.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params['allowedValue']));
    return { pointer, text: `${pointer} ${allowed.length ? `must be one of ${allowed.join(', ')}` : 'matches none of the allowed forms'} [rule: anyOf]` };
  });
}

/** Each feed kind's options validator, precompiled from its schema (scripts/precompile-options.mjs). */
export const optionValidators = precompiled as unknown as {
  readonly CsvOptions: ValidateFunction;
  readonly SyntheticOptions: ValidateFunction;
  readonly YahooOptions: ValidateFunction;
};

/**
 * Makes an options validator (one of `optionValidators`) into a parser for `config.feed.options`:
 * defaults filled in, unknown keys rejected with E_CONFIG_INVALID naming each
 * `/feed/options/...` pointer. The input is cloned, so the recorded config keeps exactly what
 * the user wrote.
 *
 * @example const parse = optionsParser<SyntheticOptions>(optionValidators.SyntheticOptions, 'synthetic'); const opts = parse({ historyBars: 60 });
 */
export function optionsParser<T>(validate: ValidateFunction, kind: string): (input: unknown) => T {
  return (input) => {
    const candidate: unknown = input === undefined || input === null ? {} : structuredClone(input);
    if (validate(candidate)) return candidate as T;
    const found = problems(validate.errors ?? []);
    throw new TickfoldError(
      'E_CONFIG_INVALID',
      `feed options for '${kind}' are invalid:\n  - ${found.map((p) => p.text).join('\n  - ')}\n` +
        `Fix or remove the listed keys (packages/feed/README.md lists every option of the '${kind}' feed).`,
      { pointers: found.map((p) => p.pointer), kind },
    );
  };
}
