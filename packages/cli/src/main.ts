#!/usr/bin/env node
import { scavengeOnOneThread } from './heap.js';

// First, before the program's modules load (their start-up allocates too).
scavengeOnOneThread();
const { main } = await import('./program.js');
const { processIo } = await import('./io.js');
process.exitCode = await main(process.argv.slice(2), processIo());
