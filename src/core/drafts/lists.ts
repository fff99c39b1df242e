/** Holder and note lists shared by the scan, the structure and the parse without copies. */

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
