/**
 * A third party on the network, run as its own process by the signing test:
 *   tsx inject-frames.ts '{"dronePort":N,"serverPort":M,"replay":"<hex of a signed frame from the server>"}'
 * To the drone it sends an unsigned arm and the captured signed frame again. The drone then streams
 * to it as well (it answers every peer it hears), so it captures one of the drone's signed frames
 * and, pretending to be the drone, sends the server an unsigned STATUSTEXT, an unsigned armed
 * HEARTBEAT and that captured frame again. Prints what it sent as one JSON line; exit 1 when the
 * drone never streams to it.
 */
import { createSocket } from 'node:dgram';
import { common, minimal } from 'node-mavlink';
import type { Frame } from '../../../hardware/mavlink/frame.js';
import { MavlinkReader } from '../../../hardware/mavlink/reader.js';
import { MavlinkWriter } from '../../../hardware/mavlink/writer.js';

const CAPTURE_TIMEOUT_MS = 5000;
const { dronePort, serverPort, replay } = JSON.parse(process.argv[2] ?? '{}') as { dronePort: number; serverPort: number; replay: string };

const socket = createSocket('udp4');
await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
const send = (bytes: Buffer, port: number): Promise<void> =>
  new Promise((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));

const arm = new common.CommandLong();
Object.assign(arm, { targetSystem: 1, targetComponent: 1, command: 400, confirmation: 0, _param1: 1 });
await send(new MavlinkWriter(255, 190).encode(arm), dronePort);
await send(Buffer.from(replay, 'hex'), dronePort);

const captured = await new Promise<Frame | null>((resolve) => {
  const reader = new MavlinkReader('attacker');
  const timer = setTimeout(() => resolve(null), CAPTURE_TIMEOUT_MS);
  socket.on('message', (bytes, from) => {
    if (from.port !== dronePort) return;
    reader.push(bytes, 'drone', (m) => {
      if (m.frame.signature === null) return;
      clearTimeout(timer);
      resolve(m.frame);
    });
  });
});
if (captured === null) {
  process.stderr.write('inject: the drone never streamed to this socket\n');
  process.exit(1);
}

const asDrone = new MavlinkWriter(1, 1);
const text = new common.StatusText();
Object.assign(text, { severity: 2, text: 'injected', id: 0, chunkSeq: 0 });
const hb = new minimal.Heartbeat();
Object.assign(hb, { type: 2, autopilot: 3, baseMode: 129, customMode: 4, systemStatus: 4, mavlinkVersion: 3 });
await send(asDrone.encode(text), serverPort);
await send(asDrone.encode(hb), serverPort);
await send(captured.raw, serverPort);

process.stdout.write(`${JSON.stringify({ toDrone: { unsigned: 1, replayed: 1 }, toServer: { unsigned: 2, replayed: 1, replayedMsgid: captured.msgid } })}\n`);
socket.close();
