// The writer thread of a run's log: see run/threadLog.ts and run/logThread.ts.
import './run/logThread.js';
