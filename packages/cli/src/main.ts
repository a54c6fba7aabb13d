#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './program.js';
import { processIo } from './io.js';

// Young-generation collections on this thread alone, not with V8's helper threads: a backtest
// collects ~80 times (~1 GB of short-lived events and strings), and on two cores the helpers
// took the core its writer thread works on for ~0.1 s, to save the engine's thread ~7 ms
// (6 alternating pairs, 100,720 bars: wall median 1.37 s against 1.44 s, V8 helper threads'
// CPU 0.35 s against 0.44 s; `pnpm bench`: cli.backtest_*). V8 reads this flag at every
// collection, so setting it once the process runs is safe, unlike flags read when the heap is
// set up. It changes nothing a run writes.
setFlagsFromString('--no-parallel-scavenge');

process.exitCode = await main(process.argv.slice(2), processIo());
