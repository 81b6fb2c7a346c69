import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseKml } from '../../../../missions/formats/kml.js';
import { parseXml } from '../../../../missions/formats/xml-document.js';
import { fixture } from './support.js';

/** A stand-in for a browser's DOMParser: no line numbers, and a <parsererror> document instead of a throw. */
function fakeBrowserParser(report?: string) {
  const calls: string[] = [];
  class BrowserDomParser {
    parseFromString(text: string, type: string) {
      calls.push(type);
      const source = report === undefined ? text : `<html><parsererror>${report}</parsererror></html>`;
      return new XmldomParser({ locator: false, onError: () => {} }).parseFromString(source, 'application/xml');
    }
  }
  return { calls, BrowserDomParser };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('XML parsing', () => {
  it('uses the environment\'s own DOMParser when it has one', () => {
    const { calls, BrowserDomParser } = fakeBrowserParser();
    vi.stubGlobal('DOMParser', BrowserDomParser);
    const r = parseKml(fixture('kml', 'power-line.kml'));
    expect(calls).toEqual(['application/xml']);
    expect(r.ok && r.value.points).toHaveLength(5);
  });

  it('names the placemark where the browser gives no line numbers', () => {
    vi.stubGlobal('DOMParser', fakeBrowserParser().BrowserDomParser);
    expect(parseKml(fixture('kml', 'one-point-line.kml'))).toEqual({
      ok: false,
      error: { where: 'Placemark 2 "Section 2"', message: 'a <LineString> needs at least 2 distinct coordinates, got 1' },
    });
  });

  it.each([
    ['Chromium', 'This page contains the following errors:<div>error on line 10 at column 3: Opening and ending tag mismatch: Document line 3 and Documnt</div>Below is a rendering of the page up to the first error.',
      'line 10', 'malformed XML: Opening and ending tag mismatch: Document line 3 and Documnt'],
    ['Firefox', 'XML Parsing Error: mismatched tag. Expected: &lt;/Document&gt;.\nLocation: file.kml\nLine Number 10, Column 3:',
      'line 10', 'malformed XML: mismatched tag. Expected: </Document>.'],
  ])('reads the line and reason out of %s\'s parser error', (_browser, report, where, message) => {
    vi.stubGlobal('DOMParser', fakeBrowserParser(report).BrowserDomParser);
    expect(parseXml('<kml>')).toEqual({ ok: false, error: { where, message } });
  });

  it('without a DOMParser, reports the line of the offending tag, not the end of the line before it', () => {
    expect(globalThis.DOMParser).toBeUndefined();
    expect(parseXml('<a>\n  <b>\n  </c>\n</a>')).toEqual({ ok: false, error: { where: 'line 3', message: 'malformed XML: Opening and ending tag mismatch: "b" != "c"' } });
  });

  it('stops at a recoverable problem too, as a browser would', () => {
    expect(parseXml('<a>\n<b x=1/>\n</a>')).toEqual({ ok: false, error: { where: 'line 2', message: 'malformed XML: attribute "1" missed quot(")!' } });
  });
});
