// The writer thread of a run's log: see run/threadedLog.ts and run/writerThread.ts.
import './run/writerThread.js';
