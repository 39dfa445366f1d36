// The replay's fixed choices: its speeds, the bar's spans, what a step and a tick move, and how
// much of what happened is loaded ahead of the cursor at a time.

export type ReplaySpeed = 1 | 10 | 60 | 'max';
export const SPEEDS: readonly ReplaySpeed[] = [1, 10, 60, 'max'];
/** "max": an hour of port time per second, as fast as the changes come in. */
export const MAX_RATE = 3600;
/** Changes loaded ahead of the cursor per request. */
export const WINDOW_MS = 10 * 60_000;
/** What the step buttons and the arrow keys move. */
export const STEP_MS = 60_000;
export const TICK_MS = 100;
/** The bar's span choices, ending now. */
export const SPANS = { '1 h': 3_600_000, '6 h': 6 * 3_600_000, '24 h': 24 * 3_600_000, '7 d': 7 * 24 * 3_600_000 };
export type SpanName = keyof typeof SPANS;
