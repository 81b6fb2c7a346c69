/**
 * XML text → a DOM Document, in the browser with its own DOMParser and elsewhere with @xmldom/xmldom.
 * Both are strict: any well-formedness error fails the parse, with the line when the parser gives one.
 */
import { DOMParser as XmldomParser } from '@xmldom/xmldom';
import { fail, ok, type ParseResult } from './parse-result.js';

/** `where` for problems that belong to the document as a whole. */
export const DOCUMENT = '(document)';

/**
 * xmldom reports some errors (a mismatched end tag) at the end of the token before the offending one;
 * step over the whitespace from there so the line is the one a reader would look at.
 */
function lineOfNextToken(text: string, line: number, column: number): number {
  const lines = text.split(/\r\n|\r|\n/);
  let offset = column - 1;
  for (let l = line - 1; l < lines.length; l++) {
    const rest = lines[l].slice(offset);
    if (rest.trim() !== '') return l + 1;
    offset = 0;
  }
  return line;
}

function parseWithXmldom(text: string): ParseResult<Document> {
  let first: string | undefined;
  try {
    const doc = new XmldomParser({
      onError: (_level, message) => {
        first ??= message;
        // Stop at the first problem of any level, as browsers do, rather than guess a repair.
        throw new Error(message);
      },
    }).parseFromString(text, 'application/xml');
    return ok(doc as unknown as Document);
  } catch (err) {
    const at = (err as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const where = at?.lineNumber ? `line ${lineOfNextToken(text, at.lineNumber, at.columnNumber ?? 1)}` : DOCUMENT;
    return fail(where, `malformed XML: ${first ?? (err as Error).message}`);
  }
}

/** Browsers return a document holding a <parsererror> element instead of throwing. */
function parseWithBrowser(Parser: typeof DOMParser, text: string): ParseResult<Document> {
  const doc = new Parser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (!error) return ok(doc);
  const report = (error.textContent ?? '').replace(/\s+/g, ' ').trim();
  const line = /line(?: number)?\s*(\d+)/i.exec(report)?.[1];
  // Chromium/WebKit: "error on line 3 at column 5: <reason>Below is …"; Firefox: "XML Parsing Error: <reason> Location: …".
  const reason = /column \d+: (.*?)\s*(?:Below is a rendering|$)/.exec(report)?.[1] ?? /XML Parsing Error: (.*?)\s*(?:Location:|$)/.exec(report)?.[1] ?? report;
  return fail(line ? `line ${line}` : DOCUMENT, `malformed XML: ${reason.slice(0, 200)}`);
}

/** Parses XML text; uses the environment's DOMParser when it has one. */
export function parseXml(text: string): ParseResult<Document> {
  const native = (globalThis as { DOMParser?: typeof DOMParser }).DOMParser;
  return native ? parseWithBrowser(native, text) : parseWithXmldom(text);
}
