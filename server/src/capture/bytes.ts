// Fixed-width reads with an explicit byte order (capture files come in both).
export function u16(data: Uint8Array, at: number, littleEndian = false): number {
  return littleEndian ? data[at] | (data[at + 1] << 8) : (data[at] << 8) | data[at + 1];
}

export function u32(data: Uint8Array, at: number, littleEndian = false): number {
  return littleEndian
    ? (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) >>> 0
    : ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
}

export function hex(data: Uint8Array): string {
  return Array.from(data, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
