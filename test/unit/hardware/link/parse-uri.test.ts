import { describe, expect, it } from 'vitest';
import { LinkUriError, parseLinkUri, tryParseLinkUri, type LinkUri } from '../../../../hardware/link/parse-uri.js';

const SCHEMES = 'expected udp://, udpout://, tcp://, tcpin:// or serial://';

const GOOD: [string, LinkUri][] = [
  ['udp://0.0.0.0:14550', { kind: 'udp', host: '0.0.0.0', port: 14550, id: 'udp://0.0.0.0:14550' }],
  ['udp://127.0.0.1:0', { kind: 'udp', host: '127.0.0.1', port: 0, id: 'udp://127.0.0.1:0' }],
  ['UDP://LocalHost:014550', { kind: 'udp', host: 'localhost', port: 14550, id: 'udp://localhost:14550' }],
  ['  udpout://10.0.0.5:14555 ', { kind: 'udpout', host: '10.0.0.5', port: 14555, id: 'udpout://10.0.0.5:14555' }],
  ['tcp://127.0.0.1:5760', { kind: 'tcp', host: '127.0.0.1', port: 5760, id: 'tcp://127.0.0.1:5760' }],
  ['tcp://sitl.example-host.net:5762', { kind: 'tcp', host: 'sitl.example-host.net', port: 5762, id: 'tcp://sitl.example-host.net:5762' }],
  ['tcpin://0.0.0.0:5760', { kind: 'tcpin', host: '0.0.0.0', port: 5760, id: 'tcpin://0.0.0.0:5760' }],
  ['udp://[::]:14550', { kind: 'udp', host: '::', port: 14550, id: 'udp://[::]:14550' }],
  ['tcp://[::1]:65535', { kind: 'tcp', host: '::1', port: 65535, id: 'tcp://[::1]:65535' }],
  ['serial:///dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baud: 57600, throttle: false, id: 'serial:///dev/ttyUSB0?baud=57600' }],
  ['serial:///dev/ttyACM0?baud=115200', { kind: 'serial', path: '/dev/ttyACM0', baud: 115200, throttle: false, id: 'serial:///dev/ttyACM0?baud=115200' }],
  ['serial:///dev/pts/4?throttle=true&baud=57600', { kind: 'serial', path: '/dev/pts/4', baud: 57600, throttle: true, id: 'serial:///dev/pts/4?baud=57600&throttle=true' }],
  ['serial:///dev/pts/4?throttle', { kind: 'serial', path: '/dev/pts/4', baud: 57600, throttle: true, id: 'serial:///dev/pts/4?baud=57600&throttle=true' }],
  ['serial:///dev/pts/4?throttle=0', { kind: 'serial', path: '/dev/pts/4', baud: 57600, throttle: false, id: 'serial:///dev/pts/4?baud=57600' }],
  ['serial://COM3?baud=9600', { kind: 'serial', path: 'COM3', baud: 9600, throttle: false, id: 'serial://COM3?baud=9600' }],
];

const BAD: [string, string][] = [
  ['foo://x', `unsupported scheme 'foo' in 'foo://x'; ${SCHEMES}`],
  ['http://127.0.0.1:80', `unsupported scheme 'http' in 'http://127.0.0.1:80'; ${SCHEMES}`],
  ['', `empty connection string in ''; ${SCHEMES}`],
  ['127.0.0.1:14550', `missing scheme in '127.0.0.1:14550'; ${SCHEMES}`],
  ['udp://0.0.0.0', "missing port in 'udp://0.0.0.0'; expected udp://host:port"],
  ['udp://0.0.0.0:', "missing port in 'udp://0.0.0.0:'; expected udp://host:port"],
  ['udp://:14550', "missing host in 'udp://:14550'; expected udp://host:port"],
  ['tcp://127.0.0.1:abc', "port 'abc' is not a number in 'tcp://127.0.0.1:abc'; expected tcp://host:port"],
  ['tcp://127.0.0.1:-1', "port '-1' is not a number in 'tcp://127.0.0.1:-1'; expected tcp://host:port"],
  ['tcp://127.0.0.1:65536', "port 65536 out of range in 'tcp://127.0.0.1:65536'; expected 1-65535"],
  ['tcp://127.0.0.1:0', "port 0 out of range in 'tcp://127.0.0.1:0'; expected 1-65535"],
  ['udpout://127.0.0.1:0', "port 0 out of range in 'udpout://127.0.0.1:0'; expected 1-65535"],
  ['udp://0.0.0.0:70000', "port 70000 out of range in 'udp://0.0.0.0:70000'; expected 0-65535"],
  ['udp://::1:14550', "IPv6 host must be in brackets in 'udp://::1:14550'; expected udp://[::1]:port"],
  ['udp://[::1:14550', "unclosed '[' in IPv6 host in 'udp://[::1:14550'; expected udp://host:port"],
  ['udp://[zz]:14550', "invalid IPv6 host 'zz' in 'udp://[zz]:14550'; expected udp://host:port"],
  ['udp://bad_host:14550', "invalid host 'bad_host' in 'udp://bad_host:14550'; expected udp://host:port"],
  ['tcp://127.0.0.1:5760/x', "unexpected path '/x' in 'tcp://127.0.0.1:5760/x'; expected tcp://host:port"],
  ['tcp://127.0.0.1:5760?baud=1', "unexpected options '?baud=1' in 'tcp://127.0.0.1:5760?baud=1'; expected tcp://host:port"],
  ['serial://', "missing device path in 'serial://'; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///?baud=57600', "missing device path in 'serial:///?baud=57600'; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///dev/ttyUSB0?baud=0', "baud must be a positive integer, got '0' in 'serial:///dev/ttyUSB0?baud=0'; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///dev/ttyUSB0?baud=fast', "baud must be a positive integer, got 'fast' in 'serial:///dev/ttyUSB0?baud=fast'; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///dev/ttyUSB0?baud=576.5', "baud must be a positive integer, got '576.5' in 'serial:///dev/ttyUSB0?baud=576.5'; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///dev/ttyUSB0?baud=', "baud must be a positive integer, got '' in 'serial:///dev/ttyUSB0?baud='; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///dev/ttyUSB0?throttle=maybe', "throttle must be true or false, got 'maybe' in 'serial:///dev/ttyUSB0?throttle=maybe'; expected serial:///dev/ttyUSB0?baud=57600"],
  ['serial:///dev/ttyUSB0?parity=none', "unknown option 'parity' in 'serial:///dev/ttyUSB0?parity=none'; expected baud or throttle"],
];

describe('parseLinkUri', () => {
  it.each(GOOD)('parses %s', (input, expected) => {
    expect(parseLinkUri(input)).toEqual(expected);
  });

  it.each(BAD)('rejects %s with one clear line', (input, message) => {
    let caught: unknown;
    try {
      parseLinkUri(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LinkUriError);
    expect((caught as LinkUriError).message).toBe(message);
    expect((caught as LinkUriError).input).toBe(input);
    expect((caught as LinkUriError).message).not.toContain('\n');
  });

  it('gives the same id for spellings of the same endpoint', () => {
    expect(parseLinkUri('TCP://LOCALHOST:05760').id).toBe(parseLinkUri('tcp://localhost:5760').id);
  });

  it('re-parses every normalised id to itself', () => {
    for (const [, expected] of GOOD) expect(parseLinkUri(expected.id)).toEqual(expected);
  });

  it('returns the parsed URI or the error from tryParseLinkUri instead of throwing', () => {
    expect(tryParseLinkUri('tcp://127.0.0.1:5760')).toEqual({ ok: true, uri: GOOD[4][1] });
    const bad = tryParseLinkUri('udp://0.0.0.0');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.reason).toBe('missing port');
  });
});
