/**
 * Lists shared by the scan, the structure, the notes and the status: holder and note lists
 * without copies, and the one binary search over sorted offsets.
 */

/**
 * The empty list shared by every bracket and paragraph without holders or notes. Frozen:
 * code that adds a holder replaces the list (`withItem`) instead of pushing into it.
 */
export const EMPTY: string[] = Object.freeze([]) as unknown as string[];

/** `list` plus `item` (if absent), as a new array when `list` is the shared empty one. */
export function withItem(list: string[], item: string): string[] {
  if (list.includes(item)) return list;
  if (list === EMPTY) return [item];
  list.push(item);
  return list;
}

/** First index whose value is >= x. */
export function lowerBound(arr: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in `[from, to)` of the sorted column `arr` whose value is >= x (`to` when none). */
export function lowerBoundIn(arr: Int32Array, x: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A copy of `a` in a new typed array of `size` elements (the tables grow by doubling). */
export function grown<A extends Int32Array | Uint8Array>(a: A, size: number): A {
  const b = new (a.constructor as new (size: number) => A)(size);
  b.set(a);
  return b;
}
