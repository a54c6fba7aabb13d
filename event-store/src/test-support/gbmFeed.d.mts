import type { Feed } from '@tickfold/core';

export declare const START: string;
export declare function gbmFeed(options: { seed: number; startMs?: number; stepMs?: number; history?: number; failRate?: number; vol?: number }): Feed;
export declare function sessionConfig(seed: number, symbols?: string[], stepMs?: number): Record<string, unknown>;
