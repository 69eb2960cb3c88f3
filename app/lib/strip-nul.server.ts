import { Transform, type TransformCallback } from "node:stream";

/**
 * React 18.3's streaming renderer has a bug: when a multi-byte character (“, ·, é…) does not fit in
 * the rest of its 2 KB buffer, it flushes the whole buffer, unused zero bytes included, and then
 * writes the character into the next buffer. The browser shows each stray NUL as "�". Fixed in
 * React 19 (it flushes `currentView.subarray(0, writtenBytes)`); until then this stream drops the
 * NUL bytes, which never belong in an HTML document, so the output is exactly what React meant.
 */
export class NulStripper extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.indexOf(0) === -1) return callback(null, chunk);
    const kept = Buffer.allocUnsafe(chunk.length);
    let length = 0;
    for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
    callback(null, kept.subarray(0, length));
  }
}

/** The same for a whole rendered document at once: returns `buffer` itself when it holds no NUL. */
export function stripNul(buffer: Buffer): Buffer {
  if (buffer.indexOf(0) === -1) return buffer;
  const kept = Buffer.allocUnsafe(buffer.length);
  let length = 0;
  for (const byte of buffer) if (byte !== 0) kept[length++] = byte;
  return kept.subarray(0, length);
}
