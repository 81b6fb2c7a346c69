import { x25crc } from 'node-mavlink';
import type { Frame, ReaderStats } from './frame.js';
import { messageSpec } from './registry.js';
import type { MessageSpec } from './registry.js';

const STX_V1 = 0xfe;
const STX_V2 = 0xfd;
const HEADER_V1 = 6;
const HEADER_V2 = 10;
const CHECKSUM = 2;
const SIGNATURE = 13;
const IFLAG_SIGNED = 0x01;
/** Longest possible frame: signed MAVLink 2 with a 255-byte payload. */
export const MAX_FRAME_LENGTH = HEADER_V2 + 255 + CHECKSUM + SIGNATURE;
/** Working buffers above this size are released once empty. */
const RETAIN_LIMIT = 64 * 1024;

/** Called for each good frame, with the registry entry already looked up for the decoder. */
export type FrameHandler = (frame: Frame, spec: MessageSpec) => void;

/** Fresh zeroed counters. */
export function emptyStats(): ReaderStats {
  return { frames: 0, badCrc: 0, unknownId: 0, garbageBytes: 0 };
}

/**
 * Cuts MAVLink 1 and 2 frames (signed ones included) out of one peer's byte stream.
 *
 * A rejected candidate (bad CRC, unknown id, impossible header) costs only its start byte: the
 * scan resumes at the next byte, so a good frame hidden behind a stray start byte is still found.
 * A candidate that is not complete yet waits for more bytes (at most {@link MAX_FRAME_LENGTH});
 * {@link FrameReader.flush} gives up on it once the line has gone quiet.
 *
 * Frames handed out own their bytes, so they stay valid after later pushes. Not re-entrant: do not
 * push into the same reader from inside the handler.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  /** Unscanned bytes are buf[start, end). */
  private start = 0;
  private end = 0;

  /** @param counters counted into in place, so several readers can share one set of link totals. */
  constructor(private readonly counters: ReaderStats = emptyStats()) {}

  /** A snapshot of this reader's counters (the shared set when one was given). */
  stats(): ReaderStats {
    return { ...this.counters };
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /** Feeds bytes from the stream and calls `onFrame` for every complete good frame, in order. */
  push(bytes: Uint8Array, onFrame: FrameHandler): void {
    if (bytes.length === 0) return;
    this.append(bytes);
    this.scan(onFrame);
    // One huge read should not pin a huge buffer on every peer that ever sent one.
    if (this.start === this.end && this.buf.length > RETAIN_LIMIT) {
      this.buf = Buffer.alloc(0);
      this.start = this.end = 0;
    }
  }

  /**
   * Gives up on a pending incomplete candidate: its start byte counts as garbage and the bytes
   * after it are scanned again (and so on, until nothing is held back).
   */
  flush(onFrame: FrameHandler): void {
    while (this.start < this.end) {
      this.start++;
      this.counters.garbageBytes++;
      this.scan(onFrame);
    }
  }

  /** Drops whatever is held back, counting it as garbage. */
  clear(): void {
    this.counters.garbageBytes += this.end - this.start;
    this.start = this.end = 0;
  }

  private append(bytes: Uint8Array): void {
    const held = this.end - this.start;
    if (held === 0) {
      this.start = this.end = 0;
    }
    if (this.end + bytes.length > this.buf.length) {
      if (held + bytes.length <= this.buf.length) {
        // Compact: only a partial frame (< MAX_FRAME_LENGTH bytes) is ever held, so this is cheap.
        this.buf.copy(this.buf, 0, this.start, this.end);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(held + bytes.length, 2 * this.buf.length, 1024));
        this.buf.copy(grown, 0, this.start, this.end);
        this.buf = grown;
      }
      this.start = 0;
      this.end = held;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
  }

  /** Consumes frames and garbage from buf[start, end) up to the first incomplete candidate. */
  private scan(onFrame: FrameHandler): void {
    const buf = this.buf;
    const end = this.end;
    const counters = this.counters;
    let pos = this.start;
    while (pos < end) {
      const stx = buf[pos];
      if (stx !== STX_V2 && stx !== STX_V1) {
        pos++;
        counters.garbageBytes++;
        continue;
      }
      const avail = end - pos;
      let header: number;
      let msgid: number;
      let trailer = CHECKSUM;
      if (stx === STX_V2) {
        if (avail < 3) break;
        const incompat = buf[pos + 2];
        if ((incompat & ~IFLAG_SIGNED) !== 0) {
          // A flag we do not understand: the spec says drop the frame; most likely it was noise.
          pos++;
          counters.garbageBytes++;
          continue;
        }
        if (avail < HEADER_V2) break;
        header = HEADER_V2;
        msgid = buf[pos + 7] | (buf[pos + 8] << 8) | (buf[pos + 9] << 16);
        if (incompat === IFLAG_SIGNED) trailer += SIGNATURE;
      } else {
        if (avail < HEADER_V1) break;
        header = HEADER_V1;
        msgid = buf[pos + 5];
      }
      const spec = messageSpec(msgid);
      const length = buf[pos + 1];
      if (spec === undefined) {
        pos++;
        counters.unknownId++;
        counters.garbageBytes++;
        continue;
      }
      // MAVLink 1 neither trims payloads nor carries extensions we do not know.
      if (header === HEADER_V1 && (length < spec.baseLength || length > spec.payloadLength)) {
        pos++;
        counters.garbageBytes++;
        continue;
      }
      const crcAt = pos + header + length;
      const total = header + length + trailer;
      if (avail < total) break;
      const crc = x25crc(buf.subarray(pos, crcAt), 1, 0, spec.crcExtra);
      if (crc !== (buf[crcAt] | (buf[crcAt + 1] << 8))) {
        pos++;
        counters.badCrc++;
        counters.garbageBytes++;
        continue;
      }
      // Copy out: the working buffer is reused, and a recorder or forwarder may keep the frame.
      const raw = Buffer.allocUnsafe(total);
      buf.copy(raw, 0, pos, pos + total);
      const frame: Frame = {
        version: header === HEADER_V2 ? 2 : 1,
        seq: buf[pos + (header === HEADER_V2 ? 4 : 2)],
        sysid: buf[pos + (header === HEADER_V2 ? 5 : 3)],
        compid: buf[pos + (header === HEADER_V2 ? 6 : 4)],
        msgid,
        payload: raw.subarray(header, header + length),
        raw,
        signature: trailer === CHECKSUM ? null : raw.subarray(total - SIGNATURE),
      };
      pos += total;
      counters.frames++;
      // Record progress first, so a throwing handler cannot make us deliver this frame twice.
      this.start = pos;
      onFrame(frame, spec);
    }
    this.start = pos;
  }
}
