/** cli-table3 options for compact tables: no rule between rows, no colour (same in a terminal, a pipe or a log). */
export const COMPACT = {
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  style: { head: [] as string[], border: [] as string[], 'padding-left': 1, 'padding-right': 1 },
};
