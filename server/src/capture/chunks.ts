// The bytes a streaming parser has received and not yet consumed. Chunks are
// kept as they arrive and merged only when a record spans them, so each byte
// is copied at most once per record and memory stays bounded by the largest
// record, whatever the file size.
export class ChunkBuffer {
  private readonly chunks: Uint8Array[] = [];
  /** Consumed bytes at the start of chunks[0]. */
  private pos = 0;
  private total = 0;
  private consumed = 0;

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Unconsumed bytes. */
  get available(): number {
    return this.total;
  }

  /** File offset of the next unconsumed byte. */
  get offset(): number {
    return this.consumed;
  }

  /** The next n bytes without consuming them, or undefined until they have all arrived. */
  peek(n: number): Uint8Array | undefined {
    if (n > this.total) return undefined;
    if (n === 0) return new Uint8Array(0);
    if (this.chunks[0].length - this.pos < n) this.mergeFront(n);
    return this.chunks[0].subarray(this.pos, this.pos + n);
  }

  /** Like peek, and consumes them. */
  take(n: number): Uint8Array | undefined {
    const bytes = this.peek(n);
    if (bytes) this.skip(n);
    return bytes;
  }

  private skip(n: number): void {
    this.consumed += n;
    this.total -= n;
    this.pos += n;
    while (this.chunks.length > 0 && this.pos >= this.chunks[0].length) {
      this.pos -= this.chunks[0].length;
      this.chunks.shift();
    }
  }

  private mergeFront(n: number): void {
    let count = 0;
    let size = -this.pos;
    while (size < n) size += this.chunks[count++].length;
    const merged = new Uint8Array(size);
    let at = 0;
    for (const [i, chunk] of this.chunks.splice(0, count).entries()) {
      const part = i === 0 ? chunk.subarray(this.pos) : chunk;
      merged.set(part, at);
      at += part.length;
    }
    this.chunks.unshift(merged);
    this.pos = 0;
  }
}
