import { daysFromCivil, digitsAt, isoOfMs } from '@tickfold/core/internal';

/**
 * A calendar day as the integer YYYYMMDD: what the CSV reader orders, counts and compares rows
 * by, so a row that is only counted or compared never becomes a string. For the four-digit years
 * a CSV date has, keys order exactly as the ISO times of their bars do.
 */
export type DayKey = number;

/** After every day: what a reader that has no more bars peeks. */
export const END: DayKey = Infinity;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const dayKey = (year: number, month: number, day: number): DayKey => year * 10_000 + month * 100 + day;

/** YYYY-MM-DD of a key. */
export const dayText = (key: DayKey): string => `${pad(Math.floor(key / 10_000), 4)}-${pad(Math.floor(key / 100) % 100, 2)}-${pad(key % 100, 2)}`;

/** The ISO time of a day's bar: the day at 00:00 UTC, formatted as the engine formats its tick of that day (one string for both). */
export const dayIso = (key: DayKey): string => isoOfMs(dayMs(key));

/** The key of the day an ISO date or time (`YYYY-MM-DD…`, four-digit year) falls on. */
export const isoDay = (iso: string): DayKey => dayKey(digitsAt(iso, 0, 4), digitsAt(iso, 5, 2), digitsAt(iso, 8, 2));

/** Epoch milliseconds of a day at 00:00 UTC, as `Date.parse` gives them: the clock asks once per tick. */
export const dayMs = (key: DayKey): number => daysFromCivil(Math.floor(key / 10_000), Math.floor(key / 100) % 100, key % 100) * 86_400_000;
