import type { ValidateFunction } from 'ajv';
import { TickfoldError } from '../errors.js';
import { eventSchemas, type EventType, type TickfoldEvent } from './index.js';
import { describeAjvError } from '../validation/ajvError.js';
import * as precompiled from '../validation/eventValidators.js';

/**
 * Each type's validator, precompiled by Ajv (scripts/precompile-validators.mjs): no process
 * compiles a schema before its first event. validation/precompiled.spec.ts holds them current.
 */
const validators: ReadonlyMap<string, ValidateFunction> = new Map(
  (Object.keys(eventSchemas) as EventType[]).map((type) => [type, (precompiled as unknown as Record<string, ValidateFunction>)[type]!]),
);
const validatorOf = (type: string): ValidateFunction | undefined => validators.get(type);

/**
 * Checks an event against its type's schema. Throws E_EVENT_INVALID naming the type, `seq`,
 * field and rule; non-finite numbers fail the `number` rule.
 */
export function validateEvent(value: unknown, where = ''): asserts value is TickfoldEvent {
  const candidate = value as { type?: unknown; seq?: unknown } | null;
  const type = typeof candidate === 'object' && candidate !== null ? candidate.type : undefined;
  const validator = typeof type === 'string' ? validatorOf(type) : undefined;
  const at = where ? ` (${where})` : '';
  if (!validator) {
    throw new TickfoldError(
      'E_EVENT_INVALID',
      `unknown event type ${JSON.stringify(type)}${at}; expected one of ${[...validators.keys()].join(', ')}`,
      { field: '/type', seq: candidate?.seq },
    );
  }
  if (!validator(value)) {
    const err = validator.errors![0]!;
    throw new TickfoldError(
      'E_EVENT_INVALID',
      `${type as string} seq ${String(candidate!.seq)}${at}: ${describeAjvError(err)}. An event must match its schema (packages/core/src/events); a log that fails this was damaged or written by other code — run 'tickfold verify' on it`,
      { type, seq: candidate!.seq, field: err.instancePath, rule: err.keyword },
    );
  }
}

export function isValidEvent(value: unknown): value is TickfoldEvent {
  try {
    validateEvent(value);
    return true;
  } catch {
    return false;
  }
}
