/**
 * Draws a draft as SVG over the photo, in image pixels. `sync` touches only the shapes that
 * changed (drafts are immutable, so a changed shape is a new object); during a drag `preview`
 * moves one shape's element and `drawing` the shape being drawn, so a mouse move costs a few
 * attribute writes, never a redraw. Line widths, grips and text keep their screen size through
 * CSS (`vector-effect`, and `--zoom` set by the editor).
 */
import type { Shape } from '../../server/protocol-annotation.js';
import { svg } from './dom.js';
import type { Draft, DraftShape } from './draft.js';
import { handlesOf, shapeBounds, type Pt, type Rect } from './geometry.js';

/** How one shape looks. */
export interface ShapeLook {
  color: string;
  text: string;
  /** Dashed outline (suggestions; the second annotator in review). */
  dashed?: boolean;
}

/** The shape being drawn: a box, or a polygon's points so far and the cursor. */
export type DrawingShape = { kind: 'box'; rect: Rect } | { kind: 'polygon'; points: Pt[]; cursor: Pt | null } | null;

interface Drawn {
  entry: DraftShape;
  selected: boolean;
  look: ShapeLook;
  g: SVGGElement;
  body: SVGRectElement | SVGPolygonElement;
  label: SVGTextElement;
  grips: SVGGElement;
}

const pointsAttr = (points: readonly (readonly [number, number])[]): string => points.map(([x, y]) => `${x},${y}`).join(' ');

export class ShapeLayer {
  private readonly drawn = new Map<string, Drawn>();
  private readonly shapes: SVGGElement;
  private readonly sketch: SVGGElement;
  private sketchBox: SVGRectElement | null = null;
  private sketchLine: SVGPolylineElement | null = null;

  constructor(private readonly root: SVGSVGElement) {
    this.shapes = svg('g', { class: 'shapes' });
    this.sketch = svg('g', { class: 'sketch' });
    root.append(this.shapes, this.sketch);
  }

  /** Brings the SVG in line with `draft`, touching only what changed. */
  sync(draft: Draft, selectedId: string | null, lookOf: (s: DraftShape) => ShapeLook): void {
    const keep = new Set<string>();
    let previous: SVGGElement | null = null;
    for (const entry of draft.shapes) {
      keep.add(entry.id);
      const selected = entry.id === selectedId;
      const look = lookOf(entry);
      let d = this.drawn.get(entry.id);
      if (d && d.entry.shape.kind !== entry.shape.kind) {
        d.g.remove();
        d = undefined;
      }
      if (!d) {
        d = this.create(entry, look, selected);
        this.drawn.set(entry.id, d);
      } else if (d.entry !== entry || d.selected !== selected || !sameLook(d.look, look)) {
        d.entry = entry;
        d.selected = selected;
        d.look = look;
        this.paint(d);
      }
      // Keep drawing order = draft order (later on top), moving only what is out of place.
      const want: ChildNode | null = previous ? previous.nextSibling : this.shapes.firstChild;
      if (want !== d.g) this.shapes.insertBefore(d.g, want);
      previous = d.g;
    }
    for (const [id, d] of this.drawn) {
      if (keep.has(id)) continue;
      d.g.remove();
      this.drawn.delete(id);
    }
  }

  /** Shows `shape` in place of shape `id` until the next sync (a drag in progress). */
  preview(id: string, shape: Shape): void {
    const d = this.drawn.get(id);
    if (!d) return;
    this.geometry(d, shape);
  }

  /** Shows the shape being drawn, or clears it. */
  drawing(shape: DrawingShape): void {
    if (shape?.kind === 'box') {
      this.sketchBox ??= this.sketch.appendChild(svg('rect', { class: 'sketch-box' }));
      setRect(this.sketchBox, shape.rect);
    } else {
      this.sketchBox?.remove();
      this.sketchBox = null;
    }
    if (shape?.kind === 'polygon') {
      this.sketchLine ??= this.sketch.appendChild(svg('polyline', { class: 'sketch-line' }));
      const pts = shape.cursor ? [...shape.points, shape.cursor] : shape.points;
      this.sketchLine.setAttribute('points', pts.map((p) => `${p.x},${p.y}`).join(' '));
    } else {
      this.sketchLine?.remove();
      this.sketchLine = null;
    }
  }

  clear(): void {
    for (const d of this.drawn.values()) d.g.remove();
    this.drawn.clear();
    this.drawing(null);
  }

  private create(entry: DraftShape, look: ShapeLook, selected: boolean): Drawn {
    const g = svg('g', { class: 'shape' });
    const body = entry.shape.kind === 'box' ? svg('rect', { class: 'shape-body' }) : svg('polygon', { class: 'shape-body' });
    const label = svg('text', { class: 'shape-label' });
    const grips = svg('g', { class: 'grips' });
    g.append(body, label, grips);
    const d: Drawn = { entry, look, selected, g, body, label, grips };
    this.paint(d);
    return d;
  }

  private paint(d: Drawn): void {
    d.g.dataset.id = d.entry.id;
    toggleData(d.g, 'selected', d.selected);
    toggleData(d.g, 'suggested', d.entry.suggested);
    toggleData(d.g, 'dashed', d.look.dashed === true || d.entry.suggested);
    d.body.setAttribute('stroke', d.look.color);
    d.body.setAttribute('fill', d.look.color);
    d.label.setAttribute('fill', d.look.color);
    d.label.textContent = d.look.text;
    this.geometry(d, d.entry.shape);
  }

  private geometry(d: Drawn, shape: Shape): void {
    if (shape.kind === 'box' && d.body instanceof SVGRectElement) setRect(d.body, shape);
    else if (shape.kind === 'polygon') d.body.setAttribute('points', pointsAttr(shape.points));
    const b = shapeBounds(shape);
    d.label.setAttribute('x', String(b.x));
    d.label.setAttribute('y', String(b.y));
    d.grips.replaceChildren(...(d.selected ? handlesOf(shape).map(({ handle, at }) => svg('circle', { class: 'grip', cx: at.x, cy: at.y, 'data-handle': handle })) : []));
  }
}

function sameLook(a: ShapeLook, b: ShapeLook): boolean {
  return a.color === b.color && a.text === b.text && a.dashed === b.dashed;
}

function setRect(el: SVGRectElement, r: Rect): void {
  el.setAttribute('x', String(r.x));
  el.setAttribute('y', String(r.y));
  el.setAttribute('width', String(r.width));
  el.setAttribute('height', String(r.height));
}

function toggleData(el: SVGElement, key: string, on: boolean): void {
  if (on) el.dataset[key] = '';
  else delete el.dataset[key];
}
