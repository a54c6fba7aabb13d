/** Version of tickfold's code and of the on-disk event format. */
export const TICKFOLD_VERSION = '0.1.0';
// 2: SessionStarted records each strategy (name, params, origin, code sha256) and the window
// size, and BarNotDue is an input event; a format-1 run directory is refused by its manifest.
export const FORMAT_VERSION = 2;
