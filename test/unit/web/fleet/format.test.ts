import { describe, expect, it } from 'vitest';
import { formatAge, formatGpsShort, formatHeading, formatLinkShort, formatMetres, formatPercent, formatSystemStatus, UNKNOWN } from '../../../../web/fleet/format.js';
import { translator } from '../../../../web/i18n/translate.js';

const en = translator('en');
const zh = translator('zh-CN');

describe('formatting', () => {
  it('shows a dash for unknown values', () => {
    expect(formatPercent(null)).toBe(UNKNOWN);
    expect(formatMetres(Number.NaN)).toBe(UNKNOWN);
    expect(formatHeading(null)).toBe(UNKNOWN);
  });

  it('uses metric units and wraps headings into 0–360', () => {
    expect(formatMetres(12.345)).toBe('12.3 m');
    expect(formatHeading(-90)).toBe('270°');
    expect(formatHeading(725)).toBe('5°');
  });

  it('names GPS fixes and satellites compactly, in the UI language', () => {
    expect(formatGpsShort({ fixType: 3, satellites: 12, hdop: 0.8 }, en)).toBe('3D · 12');
    expect(formatGpsShort({ fixType: 6, satellites: null, hdop: null }, zh)).toBe('RTK 固定');
    expect(formatGpsShort({ fixType: 42, satellites: 3, hdop: null }, en)).toBe('42 · 3');
  });

  it('shows link loss instead of packet loss when the link is lost', () => {
    expect(formatLinkShort({ linkState: 'connected', packetLoss: 0.25 }, en)).toBe('0.3%');
    expect(formatLinkShort({ linkState: 'lost', packetLoss: 0 }, en)).toBe('LOST');
    expect(formatLinkShort({ linkState: 'lost', packetLoss: 0 }, zh)).toBe('失联');
  });

  it('translates known system states and passes unknown ones through', () => {
    expect(formatSystemStatus('standby', zh)).toBe('待机');
    expect(formatSystemStatus('mystery', en)).toBe('mystery');
  });

  it('describes ages in seconds, minutes and hours', () => {
    expect(formatAge(400, en)).toBe('just now');
    expect(formatAge(-50, en)).toBe('just now');
    expect(formatAge(3_200, en)).toBe('3 s ago');
    expect(formatAge(5 * 60_000, zh)).toBe('5 分钟前');
    expect(formatAge(3 * 3_600_000, en)).toBe('3 h ago');
  });
});
