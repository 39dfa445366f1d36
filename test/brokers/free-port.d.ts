/** Resolve to a TCP port that is currently free on `host` (default 127.0.0.1). Never returns the same port twice in one process. */
export function freePort(opts?: { host?: string }): Promise<number>;
/** Resolve to `n` distinct free ports. */
export function freePorts(n: number, opts?: { host?: string }): Promise<number[]>;
