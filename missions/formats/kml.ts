/**
 * KML and KMZ import: Placemarks' polygons (with holes), lines and points → shapes for the planner,
 * converted by @tmcw/togeojson. togeojson quietly drops coordinates it cannot read, so every geometry
 * is checked here first: a file with one bad coordinate is refused, not imported without it.
 * GroundOverlays and NetworkLinks are not read.
 */
import { kml } from '@tmcw/togeojson';
import { unzipSync, type Unzipped } from 'fflate';
import { addGeometry, emptyShapes, shapeCount, type ImportedShapes } from './imported-shapes.js';
import { fail, ok, type ParseResult } from './parse-result.js';
import { latLonProblem } from './position-check.js';
import { DOCUMENT, parseXml } from './xml-document.js';

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

interface Problem {
  element: Element;
  message: string;
  /** Lines between the element's start tag and the problem (a coordinate further down its text). */
  linesBelow?: number;
}

const children = (el: Element, localName: string): Element[] => Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === localName);
const descendants = (el: Element | Document, localName: string): Element[] => Array.from(el.getElementsByTagName('*')).filter((e) => e.localName === localName);

/** Checks one geometry's <coordinates> as togeojson will read them. */
function checkCoordinates(geometry: Element): Problem | null {
  const kind = geometry.localName;
  const coords = descendants(geometry, 'coordinates')[0];
  if (!coords) return { element: geometry, message: `<${kind}> has no <coordinates>` };
  const text = coords.textContent ?? '';
  const tuples = Array.from(text.matchAll(/\S+/g));
  const seen = new Set<string>();
  for (const [i, match] of tuples.entries()) {
    const tuple = match[0];
    const linesBelow = text.slice(0, match.index).split('\n').length - 1;
    const parts = tuple.split(',');
    if (parts.length < 2 || parts.length > 3 || !parts.every((p) => DECIMAL.test(p))) {
      return { element: coords, linesBelow, message: `coordinate ${i + 1} ${JSON.stringify(tuple.slice(0, 40))} is not longitude,latitude[,altitude]` };
    }
    const [lon, lat] = parts.map(Number);
    const problem = latLonProblem(lat, lon);
    if (problem) return { element: coords, linesBelow, message: `coordinate ${i + 1}: ${problem.message}` };
    seen.add(`${lon},${lat}`);
  }
  if (kind === 'Point' && tuples.length !== 1) return { element: coords, message: `a <Point> needs exactly one coordinate, got ${tuples.length}` };
  if (kind === 'LineString' && seen.size < 2) return { element: coords, message: `a <LineString> needs at least 2 distinct coordinates, got ${seen.size}` };
  if (kind === 'LinearRing' && seen.size < 3) return { element: coords, message: `a <LinearRing> needs at least 3 distinct corners, got ${seen.size}` };
  return null;
}

function checkPolygon(polygon: Element): Problem | null {
  const outer = children(polygon, 'outerBoundaryIs')[0];
  if (!outer || children(outer, 'LinearRing').length !== 1) return { element: polygon, message: 'a <Polygon> needs one <LinearRing> in <outerBoundaryIs>' };
  // togeojson takes the rings in document order: the outer one must come first.
  if (descendants(polygon, 'LinearRing')[0].parentNode !== outer) return { element: polygon, message: '<outerBoundaryIs> must come before <innerBoundaryIs>' };
  return null;
}

function checkPlacemark(placemark: Element): Problem | null {
  for (const el of Array.from(placemark.getElementsByTagName('*'))) {
    const kind = el.localName;
    const problem = kind === 'Polygon' ? checkPolygon(el) : kind === 'Point' || kind === 'LineString' || kind === 'LinearRing' ? checkCoordinates(el) : null;
    if (problem) return problem;
  }
  return null;
}

const nameOf = (placemark: Element): string | undefined => {
  const name = children(placemark, 'name')[0]?.textContent?.trim();
  return name ? name : undefined;
};

/** `line N` where the parser records lines (xmldom), else the placemark's number and name (browsers). */
function whereOf(element: Element, placemark: Element, index: number, linesBelow = 0): string {
  const line = (element as { lineNumber?: number }).lineNumber;
  if (line) return `line ${line + linesBelow}`;
  const name = nameOf(placemark);
  return `Placemark ${index + 1}${name ? ` ${JSON.stringify(name)}` : ''}`;
}

/** Parses KML text into shapes; any unreadable geometry fails the whole file. */
export function parseKml(text: string): ParseResult<ImportedShapes> {
  const parsed = parseXml(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') return fail(DOCUMENT, `not a KML document: the root element is <${root?.tagName ?? 'none'}>, expected <kml>`);
  const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
  for (const [i, placemark] of placemarks.entries()) {
    const problem = checkPlacemark(placemark);
    if (problem) return fail(whereOf(problem.element, placemark, i, problem.linesBelow), problem.message);
  }
  // togeojson yields one feature per Placemark first, in document order (null geometry when it has none).
  const features = kml(doc).features.slice(0, placemarks.length);
  const shapes = emptyShapes();
  for (const [i, feature] of features.entries()) {
    if (!feature.geometry) continue;
    const problem = addGeometry(shapes, feature.geometry, nameOf(placemarks[i]));
    if (problem) return fail(whereOf(placemarks[i], placemarks[i], i), problem.message);
  }
  if (shapeCount(shapes) === 0) return fail(DOCUMENT, 'no polygons, lines or points in this KML (only Placemarks are read)');
  return ok(shapes);
}

/**
 * Parses a KMZ (zipped KML): reads `doc.kml` at the top of the archive, else the first `.kml` in it.
 * Errors inside the KML name the entry (`doc.kml line 12`).
 */
export function parseKmz(bytes: Uint8Array): ParseResult<ImportedShapes> {
  let files: Unzipped;
  try {
    // Decompress only the KML entries: a KMZ also carries images and icons.
    files = unzipSync(bytes, { filter: (f) => f.name.toLowerCase().endsWith('.kml') && !f.name.startsWith('__MACOSX/') });
  } catch (err) {
    return fail('(archive)', `not a KMZ: the file is not a zip archive (${(err as Error).message})`);
  }
  const names = Object.keys(files);
  const name = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names[0];
  if (name === undefined) return fail('(archive)', 'no .kml file inside this KMZ');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(files[name]);
  } catch {
    return fail(name, 'not UTF-8 text');
  }
  const r = parseKml(text);
  return r.ok ? r : fail(r.error.where === DOCUMENT ? name : `${name} ${r.error.where}`, r.error.message);
}
