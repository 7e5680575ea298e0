// TCP sequence numbers live on a 2^32 circle: arithmetic wraps and comparisons
// are RFC 1982 serial-number ones.
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** The signed distance from b to a. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function seqLt(a: number, b: number): boolean {
  return seqDiff(a, b) < 0;
}

export function seqLe(a: number, b: number): boolean {
  return seqDiff(a, b) <= 0;
}
