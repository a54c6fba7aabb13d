/** Wilder's RSI of the last `period` closes (needs period + 1 bars): 0–100, 50 when nothing moved. */
export function rsi(bars, period) {
  let gain = 0;
  let loss = 0;
  for (let i = bars.length - period; i < bars.length; i++) {
    const change = bars[i].close - bars[i - 1].close;
    if (change > 0) gain += change;
    else loss -= change;
  }
  if (gain + loss === 0) return 50;
  return (100 * gain) / (gain + loss);
}

/** Highest high and lowest low of the `n` bars before the last one. */
export function channel(bars, n) {
  let high = -Infinity;
  let low = Infinity;
  for (let i = bars.length - 1 - n; i < bars.length - 1; i++) {
    if (bars[i].high > high) high = bars[i].high;
    if (bars[i].low < low) low = bars[i].low;
  }
  return { high, low };
}
