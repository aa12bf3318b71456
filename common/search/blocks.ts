/**
 * Block bitmaps: for each common token (full-text.ts) and each block of BLOCK consecutive record
 * ids, one bit per record holding the token. Searches whose every token is common intersect
 * them in memory (征地 补偿: two lists of tens of thousands of records each, 82 blocks of 512 bytes
 * at scale 100), which neither the records nor the engines' full-text indexes can do quickly.
 */

/** Record ids per block. 4,096: one bitmap is 512 bytes; scale 100's petitions are 82 blocks. */
export const BLOCK = 4096;
const BYTES = BLOCK / 8;

export const blockOf = (id: number) => Math.floor(id / BLOCK);

export function emptyBits(): Uint8Array {
  return new Uint8Array(BYTES);
}

export function setBit(bits: Uint8Array, id: number): void {
  const at = id % BLOCK;
  bits[at >> 3] |= 1 << (at & 7);
}

/** The bitmap as read back from the database (a Buffer on both drivers), or empty. */
export function bitsFrom(value: unknown): Uint8Array {
  const out = emptyBits();
  if (value instanceof Uint8Array) out.set(value.subarray(0, BYTES));
  return out;
}

export function hasBit(bits: Uint8Array | undefined, id: number): boolean {
  if (!bits) return false;
  const at = id % BLOCK;
  return (bits[at >> 3] & (1 << (at & 7))) !== 0;
}

/**
 * The token of a recent posting that marks its record's bits void until its block is sealed
 * again: every record written, changed or deleted since gets one. Never an encoded term
 * (those start with q), so no search asks for it.
 */
export const VOID = "-";

/**
 * The token posted for a record whose text holds characters that normalizing makes Chinese
 * (segmentation.ts, hasHanForms): the exact counts check such records on their text.
 */
export const HAN_FORMS_TOKEN = "!";

/** `into` becomes its intersection with `other`. */
export function andInto(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < BYTES; i++) into[i] &= other[i];
}

const ONES = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let x = b; x; x >>= 1) n += x & 1;
  return n;
});

export function countBits(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < BYTES; i++) n += ONES[bits[i]];
  return n;
}

/** The record ids whose bits are set, highest first. */
export function idsOf(block: number, bits: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = BYTES - 1; i >= 0; i--) {
    const byte = bits[i];
    if (!byte) continue;
    for (let b = 7; b >= 0; b--) if (byte & (1 << b)) out.push(block * BLOCK + i * 8 + b);
  }
  return out;
}
