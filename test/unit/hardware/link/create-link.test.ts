import { describe, expect, it } from 'vitest';
import { createLink } from '../../../../hardware/link/create-link.js';
import { LinkUriError } from '../../../../hardware/link/parse-uri.js';

describe('createLink', () => {
  it.each([
    ['udp://0.0.0.0:14550', 'udp'],
    ['udpout://127.0.0.1:14550', 'udpout'],
    ['tcp://127.0.0.1:5760', 'tcp'],
    ['tcpin://0.0.0.0:5760', 'tcpin'],
    ['serial:///dev/ttyUSB0', 'serial'],
  ])('builds an unstarted %s link of kind %s named by its normalised string', (uri, kind) => {
    const link = createLink(uri);
    expect(link.kind).toBe(kind);
    expect(link.id).toBe(uri === 'serial:///dev/ttyUSB0' ? 'serial:///dev/ttyUSB0?baud=57600' : uri);
    expect(link.peers()).toEqual([]);
  });

  it('throws LinkUriError for a bad string', () => {
    expect(() => createLink('foo://x')).toThrow(LinkUriError);
  });
});
