import type { Frame, InboundMessage, ReaderStats } from './frame.js';
import { FrameReader, emptyStats } from './frame-reader.js';
import type { MessageSpec } from './registry.js';
import { decodePayload } from './decode.js';

/** Receives each decoded message. */
export type MessageHandler = (message: InboundMessage) => void;

/**
 * Turns one link's bytes into decoded messages. Each peer (UDP address, TCP socket) has its own
 * frame buffer, so bytes from different senders are never spliced into one frame; the counters
 * are totals for the whole link.
 */
export class MavlinkReader {
  private readonly peers = new Map<string, FrameReader>();
  private readonly counters = emptyStats();
  // The frame handler is bound once; these say where the current push goes.
  private peer = '';
  private onMessage: MessageHandler = () => {};
  private readonly onFrame = (frame: Frame, spec: MessageSpec): void => {
    this.onMessage({
      linkId: this.linkId,
      peer: this.peer,
      sysid: frame.sysid,
      compid: frame.compid,
      seq: frame.seq,
      msgid: frame.msgid,
      data: decodePayload(spec.clazz, frame.payload),
      frame,
    });
  };

  constructor(readonly linkId: string) {}

  /** Feeds bytes received from `peer` and calls `onMessage` for each complete good frame, in order. */
  push(bytes: Buffer, peer: string, onMessage: MessageHandler): void {
    let reader = this.peers.get(peer);
    if (reader === undefined) {
      reader = new FrameReader(this.counters);
      this.peers.set(peer, reader);
    }
    this.deliver(peer, onMessage, reader, bytes);
  }

  /** Gives up on a partial frame from `peer` (call after the line has gone quiet) and delivers what follows it. */
  flush(peer: string, onMessage: MessageHandler): void {
    const reader = this.peers.get(peer);
    if (reader === undefined) return;
    this.deliver(peer, onMessage, reader, null);
  }

  /** Pushes (or flushes, for null) with the handler pointed at `peer`; restored after, so a handler may feed another peer. */
  private deliver(peer: string, onMessage: MessageHandler, reader: FrameReader, bytes: Buffer | null): void {
    const outerPeer = this.peer;
    const outerHandler = this.onMessage;
    this.peer = peer;
    this.onMessage = onMessage;
    if (bytes === null) reader.flush(this.onFrame);
    else reader.push(bytes, this.onFrame);
    this.peer = outerPeer;
    this.onMessage = outerHandler;
  }

  /** Totals over every peer this link has heard, forgotten ones included. */
  stats(): ReaderStats {
    return { ...this.counters };
  }

  /** Drops a peer's buffer (its held-back bytes count as garbage), e.g. when its socket closes. */
  forget(peer: string): void {
    this.peers.get(peer)?.clear();
    this.peers.delete(peer);
  }
}
