/**
 * The photo viewer and shape editor: zoom with the wheel, pan by dragging with Space held or the
 * middle button, draw boxes (drag) and polygons (click the corners; click the first one, double-
 * click or press Enter to close), select (click), move and reshape by the grips. Zoom and pan are
 * one CSS transform on the stage; pointer moves are coalesced to one per frame and only touch the
 * element being dragged. Finished edits go to `commit`, which owns the draft and its history.
 */
import type { Shape } from '../../server/protocol-annotation.js';
import { el, svg } from './dom.js';
import { addShape, findShape, newShapeId, replaceShape, type Draft, type DraftShape } from './draft.js';
import { clampPoint, dragHandle, handleAt, moveShape, polygonArea, rectFromCorners, topShapeAt, type Handle, type Pt, type Rect, type Size } from './geometry.js';
import type { Tool } from './hotkeys.js';
import { ShapeLayer, type ShapeLook } from './shape-layer.js';
import { fitView, toImage, wheelFactor, zoomAt, type View } from './viewport.js';

/** Grip and outline reach, in screen pixels. */
const REACH_PX = 7;
/** A press that moves less than this is a click. */
const CLICK_PX = 4;
/** Smallest box kept, in image pixels. */
const MIN_BOX_PX = 2;

export interface EditorHooks {
  /** A finished edit: the draft to record, and the shape to select. */
  commit(next: Draft, selectedId: string | null): void;
  select(id: string | null): void;
  /** A newly drawn shape with the current label and attributes; null refuses it (no label chosen). */
  newShape(geometry: { kind: 'box'; rect: Rect } | { kind: 'polygon'; points: [number, number][] }): Shape | null;
  lookOf(s: DraftShape): ShapeLook;
}

type Gesture =
  | { kind: 'pan'; from: Pt; view: View }
  | { kind: 'box'; from: Pt; fromScreen: Pt; to: Pt; moved: boolean; hitId: string | null }
  | { kind: 'move'; id: string; from: Pt; original: Shape; current: Shape }
  | { kind: 'grip'; id: string; handle: Handle; original: Shape; current: Shape };

export class ImageEditor {
  readonly root: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly overlay: SVGSVGElement;
  private readonly layer: ShapeLayer;
  private view: View = { scale: 1, x: 0, y: 0 };
  /** True until the user zooms or pans: a resized viewer fits the photo again. */
  private fitted = true;
  private size: Size = { width: 1, height: 1 };
  private draft: Draft = { shapes: [] };
  private selectedId: string | null = null;
  private tool: Tool = 'box';
  private gesture: Gesture | null = null;
  private polygon: { points: Pt[]; cursor: Pt | null } | null = null;
  private spaceHeld = false;
  private pendingMove: PointerEvent | null = null;
  private frame = 0;
  private loadSeq = 0;

  constructor(
    container: HTMLElement,
    private readonly hooks: EditorHooks,
    private readonly readOnly = false,
  ) {
    this.img = el('img', { class: 'ed-image', attrs: { alt: '', draggable: 'false', decoding: 'async' } });
    this.overlay = svg('svg', { class: 'ed-overlay' });
    this.stage = el('div', { class: 'ed-stage' }, [this.img, this.overlay]);
    this.root = el('div', { class: 'ed-viewport', attrs: { tabindex: '-1' }, data: { tool: readOnly ? 'view' : this.tool } }, [this.stage]);
    container.append(this.root);
    this.layer = new ShapeLayer(this.overlay);

    this.root.addEventListener('pointerdown', (e) => this.down(e));
    this.root.addEventListener('pointermove', (e) => this.queueMove(e));
    this.root.addEventListener('pointerup', (e) => this.up(e));
    this.root.addEventListener('pointercancel', () => this.abortGesture());
    this.root.addEventListener('dblclick', (e) => {
      e.preventDefault();
      if (this.polygon) this.finishPolygon();
    });
    this.root.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    // No browser auto-scroll on a middle press.
    this.root.addEventListener('mousedown', (e) => e.button === 1 && e.preventDefault());
    new ResizeObserver(() => this.fitted && this.fit()).observe(this.root);
  }

  /** Shows a photo; resolves with its size once it is decoded (or rejects when it cannot load). */
  async show(url: string, known: Partial<Size> = {}): Promise<Size> {
    const seq = ++this.loadSeq;
    this.cancel();
    this.layer.clear();
    this.root.dataset.loading = '';
    this.img.src = url;
    try {
      await this.img.decode();
    } finally {
      if (seq === this.loadSeq) delete this.root.dataset.loading;
    }
    if (seq !== this.loadSeq) return this.size;
    // Shapes are in the file's own pixels: the decoded size is the truth, the record's a fallback.
    this.size = { width: this.img.naturalWidth || known.width || 1, height: this.img.naturalHeight || known.height || 1 };
    for (const node of [this.img, this.overlay]) {
      node.setAttribute('width', String(this.size.width));
      node.setAttribute('height', String(this.size.height));
    }
    this.overlay.setAttribute('viewBox', `0 0 ${this.size.width} ${this.size.height}`);
    this.stage.style.width = `${this.size.width}px`;
    this.stage.style.height = `${this.size.height}px`;
    this.fit();
    return this.size;
  }

  /** The photo's size in pixels. */
  imageSize(): Size {
    return this.size;
  }

  /** Draws `draft` with `selectedId` selected. */
  setDraft(draft: Draft, selectedId: string | null): void {
    this.draft = draft;
    this.selectedId = selectedId;
    this.layer.sync(draft, selectedId, (s) => this.hooks.lookOf(s));
  }

  setTool(tool: Tool): void {
    if (tool !== 'polygon') this.cancel();
    this.tool = tool;
    if (!this.readOnly) this.root.dataset.tool = tool;
  }

  /** Space held: dragging pans. */
  setSpaceHeld(held: boolean): void {
    this.spaceHeld = held;
    if (held) this.root.dataset.panning = '';
    else if (this.gesture?.kind !== 'pan') delete this.root.dataset.panning;
  }

  /** True while a polygon is being drawn (Enter closes it rather than submitting). */
  isDrawing(): boolean {
    return this.polygon !== null;
  }

  /** Drops a polygon being drawn; true when there was one. */
  cancel(): boolean {
    const had = this.polygon !== null;
    this.polygon = null;
    this.layer.drawing(null);
    return had;
  }

  /** Closes the polygon being drawn into a shape (when it has at least three distinct corners). */
  finishPolygon(): void {
    const polygon = this.polygon;
    this.cancel();
    if (!polygon) return;
    const reach = REACH_PX / this.view.scale / 2;
    const points: [number, number][] = [];
    for (const p of polygon.points) {
      const last = points.at(-1);
      if (!last || Math.hypot(last[0] - p.x, last[1] - p.y) > reach) points.push([p.x, p.y]);
    }
    if (points.length >= 3 && polygonArea(points) > 1) this.add(this.hooks.newShape({ kind: 'polygon', points }));
  }

  /** Shows the whole photo. */
  fit(): void {
    const box = this.root.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    this.view = fitView(this.size, { width: box.width, height: box.height });
    this.fitted = true;
    this.applyView();
  }

  /** Zooms by `factor` round the viewer's centre (keyboard zoom). */
  zoomBy(factor: number): void {
    const box = this.root.getBoundingClientRect();
    this.view = zoomAt(this.view, factor, { x: box.width / 2, y: box.height / 2 });
    this.fitted = false;
    this.applyView();
  }

  private applyView(): void {
    const { x, y, scale } = this.view;
    this.stage.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    this.stage.style.setProperty('--zoom', String(scale));
  }

  private screenPoint(e: { clientX: number; clientY: number }): Pt {
    const box = this.root.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  private imagePoint(e: { clientX: number; clientY: number }): Pt {
    return toImage(this.view, this.screenPoint(e));
  }

  private reach(): number {
    return REACH_PX / this.view.scale;
  }

  private hitId(p: Pt): string | null {
    const i = topShapeAt(this.draft.shapes.map((s) => s.shape), p, this.reach());
    return i < 0 ? null : this.draft.shapes[i].id;
  }

  private down(e: PointerEvent): void {
    this.root.focus({ preventScroll: true });
    const pan = e.button === 1 || (e.button === 0 && (this.spaceHeld || this.readOnly));
    if (pan) {
      e.preventDefault();
      this.begin(e, { kind: 'pan', from: this.screenPoint(e), view: this.view });
      this.root.dataset.panning = '';
      return;
    }
    if (e.button !== 0) return;
    const p = clampPoint(this.imagePoint(e), this.size);
    if (this.polygon) {
      const first = this.polygon.points[0];
      if (this.polygon.points.length >= 3 && Math.hypot(first.x - p.x, first.y - p.y) <= this.reach() * 1.5) this.finishPolygon();
      else this.polygon.points.push(p);
      return;
    }
    const selected = findShape(this.draft, this.selectedId);
    const grip = selected ? handleAt(selected.shape, p, this.reach()) : null;
    if (selected && grip !== null) {
      this.begin(e, { kind: 'grip', id: selected.id, handle: grip, original: selected.shape, current: selected.shape });
      return;
    }
    const hitId = this.hitId(p);
    const moving = hitId !== null && (this.tool === 'select' || hitId === this.selectedId);
    if (moving) {
      if (hitId !== this.selectedId) this.hooks.select(hitId);
      const shape = findShape(this.draft, hitId)!.shape;
      this.begin(e, { kind: 'move', id: hitId, from: p, original: shape, current: shape });
    } else if (this.tool === 'select') {
      this.hooks.select(null);
      this.begin(e, { kind: 'pan', from: this.screenPoint(e), view: this.view });
    } else if (this.tool === 'box') {
      this.begin(e, { kind: 'box', from: p, fromScreen: this.screenPoint(e), to: p, moved: false, hitId });
    } else {
      this.hooks.select(null);
      this.polygon = { points: [p], cursor: null };
    }
  }

  private begin(e: PointerEvent, gesture: Gesture): void {
    this.gesture = gesture;
    this.root.setPointerCapture(e.pointerId);
  }

  private queueMove(e: PointerEvent): void {
    if (!this.gesture && !this.polygon) return;
    this.pendingMove = e;
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flushMove());
  }

  private flushMove(): void {
    this.frame = 0;
    const e = this.pendingMove;
    this.pendingMove = null;
    if (!e) return;
    const g = this.gesture;
    if (!g) {
      if (this.polygon) {
        this.polygon.cursor = clampPoint(this.imagePoint(e), this.size);
        this.layer.drawing({ kind: 'polygon', ...this.polygon });
      }
      return;
    }
    const p = this.imagePoint(e);
    switch (g.kind) {
      case 'pan': {
        const s = this.screenPoint(e);
        this.view = { ...g.view, x: g.view.x + s.x - g.from.x, y: g.view.y + s.y - g.from.y };
        this.fitted = false;
        this.applyView();
        return;
      }
      case 'box': {
        const s = this.screenPoint(e);
        g.to = p;
        g.moved ||= Math.hypot(s.x - g.fromScreen.x, s.y - g.fromScreen.y) >= CLICK_PX;
        if (g.moved) this.layer.drawing({ kind: 'box', rect: rectFromCorners(g.from, p, this.size) });
        return;
      }
      case 'move':
        g.current = moveShape(g.original, p.x - g.from.x, p.y - g.from.y, this.size);
        this.layer.preview(g.id, g.current);
        return;
      case 'grip':
        g.current = dragHandle(g.original, g.handle, p, this.size);
        this.layer.preview(g.id, g.current);
        return;
    }
  }

  private up(e: PointerEvent): void {
    if (this.pendingMove) {
      cancelAnimationFrame(this.frame);
      this.flushMove();
    }
    const g = this.gesture;
    this.gesture = null;
    if (this.root.hasPointerCapture(e.pointerId)) this.root.releasePointerCapture(e.pointerId);
    if (!this.spaceHeld) delete this.root.dataset.panning;
    if (!g) return;
    if (g.kind === 'box') {
      this.layer.drawing(null);
      const rect = rectFromCorners(g.from, g.to, this.size);
      if (g.moved && rect.width >= MIN_BOX_PX && rect.height >= MIN_BOX_PX) this.add(this.hooks.newShape({ kind: 'box', rect }));
      else if (!g.moved) this.hooks.select(g.hitId);
    } else if ((g.kind === 'move' || g.kind === 'grip') && g.current !== g.original) {
      this.hooks.commit(replaceShape(this.draft, g.id, g.current), g.id);
    }
  }

  private abortGesture(): void {
    const g = this.gesture;
    this.gesture = null;
    this.layer.drawing(null);
    if (g && (g.kind === 'move' || g.kind === 'grip')) this.layer.preview(g.id, g.original);
  }

  private add(shape: Shape | null): void {
    if (!shape) return;
    const id = newShapeId();
    this.hooks.commit(addShape(this.draft, { id, shape, suggested: false }), id);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    this.view = zoomAt(this.view, wheelFactor(e.deltaY, e.deltaMode), this.screenPoint(e));
    this.fitted = false;
    this.applyView();
  }
}
