/**
 * The Plan view: draw or import the shape, choose the patrol, see the path, photos, footprints,
 * estimates and findings update as you edit, save and reopen plans (live with other operators'
 * saves), export files, and upload to a vehicle. Editing marks the plan changed; the preview is
 * recomputed at most every 100 ms so dragging a vertex stays smooth.
 */
import * as maplibregl from 'maplibre-gl';
import type { MissionItem } from '../../missions/mission-item.js';
import type { Plan } from '../../missions/plan.js';
import type { Finding } from '../../missions/validate.js';
import type { PlanDTO, PlanSummaryDTO, PlansChangedDTO } from '../../server/protocol-plans.js';
import { throttle } from '../app/throttle.js';
import { ApiError } from '../auth/api-fetch.js';
import { canDo } from '../auth/permissions.js';
import type { FleetStore } from '../fleet/store.js';
import { onLocaleChange, t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { planShapeLayer } from '../map/layers/plan-shape.js';
import { createPlan, deletePlan, getPlan, updatePlan } from '../net/plans-api.js';
import type { FleetConnection } from '../net/socket.js';
import { downloadFile } from './download.js';
import { DrawTool, type ShapeChange } from './draw-tool.js';
import { generatePatrol, type DrawnShape } from './generate-patrol.js';
import { importPlanFile } from './import-plan-file.js';
import { exportPlanFile, type ExportFormat } from './plan-export.js';
import { PlanForm } from './plan-form.js';
import { PlanMap } from './plan-map.js';
import { findingPosition, previewPlan, type PlanPreview } from './plan-preview.js';
import { DEFAULT_SETTINGS, shapeKindFor } from './plan-settings.js';
import { PlanSummary } from './plan-summary.js';
import { plannerRecord, withPlannerRecord } from './planner-record.js';
import { SavedPlans } from './saved-plans.js';
import { UploadPanel } from './upload-panel.js';

/** Preview recomputation at most this often while editing. */
const RECOMPUTE_MS = 100;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`planner markup lacks #${id}`);
  return el as T;
}

/** Where the plan on screen comes from: generated from the shape and settings, or a fixed imported mission. */
type Source = { kind: 'patrol' } | { kind: 'mission'; plan: Plan; unknown: number };

export interface PlanViewOptions {
  map: maplibregl.Map;
  connection: FleetConnection;
  store: FleetStore;
}

export class PlanView {
  private readonly form: PlanForm;
  private readonly draw: DrawTool;
  private readonly planMap: PlanMap;
  private readonly summary: PlanSummary;
  private readonly saved: SavedPlans;
  private readonly upload: UploadPanel;
  private readonly recompute = throttle(() => this.compute(), RECOMPUTE_MS);
  private readonly nameInput = byId<HTMLInputElement>('plan-name');
  private source: Source = { kind: 'patrol' };
  private preview: PlanPreview | null = null;
  /** The stored plan being edited: its id, version and the items the server made. */
  private savedRef: { id: string; version: number; items: MissionItem[] } | null = null;
  private dirty = false;
  /** Set while the editor is being filled programmatically (not an edit). */
  private loading = false;
  private saving = false;
  /** Highest version of the open plan announced while our own save was in flight. */
  private versionSeenWhileSaving = 0;
  private active = false;

  constructor(private readonly o: PlanViewOptions) {
    this.planMap = new PlanMap(o.map);
    this.form = new PlanForm(DEFAULT_SETTINGS, () => this.edited());
    this.draw = new DrawTool({ map: o.map, onChange: (shape, change) => this.onShape(shape, change) });
    this.summary = new PlanSummary(byId('plan-estimates'), byId('plan-findings'), (f) => this.focusFinding(f));
    this.saved = new SavedPlans(byId('plan-saved-list'), {
      onOpen: (id) => void this.open(id),
      onDelete: (p) => void this.remove(p),
      onError: (message) => this.status('failed', 'plan.save.failed', { message }),
    });
    this.upload = new UploadPanel({ connection: o.connection, ensureSaved: () => this.ensureSaved() });

    byId('plan-draw').addEventListener('click', () => this.startDrawing());
    byId('plan-finish').addEventListener('click', () => this.draw.finish());
    byId('plan-clear').addEventListener('click', () => this.clear());
    byId('plan-new').addEventListener('click', () => this.newPlan());
    byId('plan-save').addEventListener('click', () => void this.save(false));
    byId('plan-save-new').addEventListener('click', () => void this.save(true));
    byId('plan-reload').addEventListener('click', () => this.savedRef && void this.open(this.savedRef.id));
    this.nameInput.addEventListener('input', () => this.markDirty());
    const file = byId<HTMLInputElement>('plan-import');
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) void this.importFile(chosen);
    });
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) {
      button.addEventListener('click', () => this.exportAs(button.dataset.export as ExportFormat));
    }
    o.connection.socket.on('plans:changed', (change) => this.onRemoteChange(change));
    // Saves made while disconnected were not announced to us.
    o.connection.socket.on('connect', () => {
      if (this.active) void this.saved.refresh();
    });
    onLocaleChange(() => {
      this.saved.render();
      this.compute();
    });
    this.upload.renderVehicles(o.store);
    this.compute();
  }

  /** Shows or hides the view: its map layers and map input go with it. */
  setActive(active: boolean): void {
    this.active = active;
    this.planMap.setVisible(active);
    this.draw.setEnabled(active);
    if (active) void this.saved.refresh();
  }

  /** True while the Plan view is shown (map clicks belong to the planner). */
  isActive(): boolean {
    return this.active;
  }

  /** The fleet's membership changed: the vehicle list for upload follows. */
  fleetChanged(): void {
    this.upload.renderVehicles(this.o.store);
  }

  private startDrawing(): void {
    this.source = { kind: 'patrol' };
    this.form.setDisabled(false);
    this.draw.start(shapeKindFor(this.form.value));
  }

  private onShape(shape: DrawnShape | null, change: ShapeChange): void {
    // The shape follows the pointer at once; the plan catches up on the throttle.
    this.planMap.draw({ shape, drawing: this.draw.isDrawing(), preview: this.preview }, [planShapeLayer]);
    if (change !== 'drawing') this.markDirty();
    this.renderTools();
    this.recompute.request();
  }

  private edited(): void {
    this.markDirty();
    this.renderTools();
    this.recompute.request();
  }

  private markDirty(): void {
    if (this.loading) return;
    this.dirty = true;
    this.renderTitle();
  }

  private compute(): void {
    this.recompute.cancel();
    let preview: PlanPreview | null = null;
    let problem: string | null = null;
    try {
      if (this.source.kind === 'mission') {
        preview = previewPlan(this.source.plan, null);
      } else {
        const shape = this.draw.current();
        const settings = this.form.value;
        const generated = generatePatrol(shape, settings);
        if (generated.ok && shape) preview = previewPlan(withPlannerRecord(generated.plan, shape, settings), generated.camera, generated.requested);
        else if (!generated.ok && !generated.incomplete) problem = generated.message;
      }
    } catch (err) {
      problem = (err as Error).message;
    }
    this.preview = preview;
    this.summary.render(preview, problem);
    this.planMap.draw({ shape: this.draw.current(), drawing: this.draw.isDrawing(), preview });
    const valid = !!preview && !preview.findings.some((f) => f.severity === 'error');
    this.upload.setReady(valid);
    byId<HTMLButtonElement>('plan-save').disabled = !valid;
    byId<HTMLButtonElement>('plan-save-new').disabled = !valid;
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) button.disabled = !preview;
    this.renderTools();
    this.renderTitle();
  }

  private renderTools(): void {
    const drawing = this.draw.isDrawing();
    const kind = shapeKindFor(this.form.value);
    const drawButton = byId('plan-draw');
    drawButton.dataset.i18n = `plan.draw.${kind}`;
    drawButton.textContent = t(`plan.draw.${kind}`);
    byId('plan-finish').hidden = !drawing || kind === 'point';
    let hint: MessageKey;
    if (this.source.kind === 'mission') hint = 'plan.hint.mission';
    else if (drawing) hint = `plan.hint.${kind}`;
    else hint = this.draw.current() ? 'plan.hint.edit' : 'plan.hint.start';
    const el = byId('plan-hint');
    el.dataset.i18n = hint;
    el.textContent = this.source.kind === 'mission' ? t('plan.hint.mission', { unknown: this.source.unknown }) : t(hint);
  }

  private renderTitle(): void {
    const name = this.nameInput.value.trim();
    const title = byId('plan-title');
    title.textContent = `${name || t('plan.untitled')}${this.dirty && this.preview ? ' •' : ''}`;
    title.dataset.dirty = String(this.dirty);
  }

  private status(state: 'ok' | 'failed' | 'busy', key: MessageKey, params?: Record<string, string | number>): void {
    const el = byId('plan-save-status');
    el.dataset.state = state;
    el.textContent = t(key, params);
  }

  private notice(key: MessageKey | null): void {
    const el = byId('plan-remote-notice');
    el.hidden = key === null;
    if (key) byId('plan-remote-text').textContent = t(key);
  }

  private clear(): void {
    this.source = { kind: 'patrol' };
    this.form.setDisabled(false);
    this.draw.set(null);
    this.compute();
  }

  private newPlan(): void {
    this.loading = true;
    this.savedRef = null;
    this.nameInput.value = '';
    this.clear();
    this.loading = false;
    this.dirty = false;
    this.notice(null);
    this.saved.setActive(null);
    byId('plan-save-status').textContent = '';
    this.renderTitle();
  }

  /** Opens a saved plan in the editor. */
  async open(id: string): Promise<void> {
    let dto: PlanDTO;
    try {
      dto = await getPlan(id);
    } catch (err) {
      this.status('failed', 'plan.save.failed', { message: (err as Error).message });
      return;
    }
    this.loading = true;
    const record = plannerRecord(dto.plan);
    if (record) {
      this.source = { kind: 'patrol' };
      this.form.show(record.settings);
      this.form.setDisabled(false);
      this.draw.set(record.shape);
    } else {
      this.source = { kind: 'mission', plan: dto.plan, unknown: 0 };
      this.form.setDisabled(true);
      this.draw.set(null);
    }
    this.nameInput.value = dto.name;
    this.savedRef = { id: dto.id, version: dto.version, items: dto.items };
    this.loading = false;
    this.dirty = false;
    this.notice(null);
    this.saved.setActive(dto.id);
    this.status('ok', 'plan.save.opened', { version: dto.version });
    this.compute();
    this.fitPlan();
  }

  private async importFile(file: File): Promise<void> {
    const result = importPlanFile(file.name, new Uint8Array(await file.arrayBuffer()), this.form.value);
    if (result.kind === 'error') {
      this.status('failed', 'plan.import.failed', { message: result.message });
      return;
    }
    if (!this.nameInput.value.trim()) this.nameInput.value = file.name.replace(/\.[^.]+$/, '');
    if (result.kind === 'mission') {
      this.source = { kind: 'mission', plan: result.plan, unknown: result.unknown.length };
      this.form.setDisabled(true);
      this.draw.set(null);
    } else {
      this.source = { kind: 'patrol' };
      this.form.setDisabled(false);
      this.form.show(result.settings);
      this.draw.set(result.shape);
    }
    this.status('ok', 'plan.import.done', { name: file.name });
    this.markDirty();
    this.compute();
    this.fitPlan();
  }

  private exportAs(format: ExportFormat): void {
    if (!this.preview) return;
    downloadFile(exportPlanFile(format, this.preview.plan, this.preview.camera, this.nameInput.value || t('plan.untitled')));
  }

  private defaultName(): string {
    const pattern = this.preview ? t(`plan.pattern.${this.preview.plan.pattern}` as MessageKey) : '';
    return `${pattern} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`.trim();
  }

  /** Saves (over the open plan, or as a new one); the stored plan, or null when refused. */
  private async save(asNew: boolean): Promise<PlanDTO | null> {
    const preview = this.preview;
    if (!preview || this.saving) return null;
    if (!this.nameInput.value.trim()) this.nameInput.value = this.defaultName();
    const name = this.nameInput.value.trim();
    const ref = asNew ? null : this.savedRef;
    this.saving = true;
    this.versionSeenWhileSaving = 0;
    this.status('busy', 'plan.save.saving');
    try {
      const dto = ref ? await updatePlan(ref.id, ref.version, name, preview.plan) : await createPlan(name, preview.plan);
      this.savedRef = { id: dto.id, version: dto.version, items: dto.items };
      this.dirty = false;
      this.notice(this.versionSeenWhileSaving > dto.version ? 'plan.remote.changed' : null);
      this.saved.setActive(dto.id);
      this.status('ok', 'plan.save.saved', { version: dto.version });
      this.renderTitle();
      void this.saved.refresh();
      return dto;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        this.status('failed', 'plan.save.conflict');
        this.notice('plan.remote.changed');
      } else {
        this.status('failed', 'plan.save.failed', { message: (err as Error).message });
      }
      return null;
    } finally {
      this.saving = false;
    }
  }

  private async ensureSaved(): Promise<{ id: string; items: MissionItem[] } | null> {
    if (this.savedRef && !this.dirty) return { id: this.savedRef.id, items: this.savedRef.items };
    if (!canDo('plans:write')) return null;
    const dto = await this.save(false);
    return dto && { id: dto.id, items: dto.items };
  }

  private async remove(p: PlanSummaryDTO): Promise<void> {
    try {
      await deletePlan(p.id, p.version);
      if (this.savedRef?.id === p.id) {
        // The draft stays on screen, now unsaved.
        this.savedRef = null;
        this.dirty = true;
        this.saved.setActive(null);
        this.renderTitle();
      }
    } catch (err) {
      this.status('failed', 'plan.save.failed', { message: (err as Error).message });
    }
    void this.saved.refresh();
  }

  private onRemoteChange(change: PlansChangedDTO): void {
    // The list is reloaded when the view is next shown.
    if (this.active) void this.saved.refresh();
    const ref = this.savedRef;
    if (!ref || change.id !== ref.id) return;
    if (this.saving) {
      this.versionSeenWhileSaving = Math.max(this.versionSeenWhileSaving, change.version);
      return;
    }
    if (change.deleted) this.notice('plan.remote.deleted');
    else if (change.version > ref.version) this.notice('plan.remote.changed');
  }

  private focusFinding(f: Finding): void {
    if (!this.preview) return;
    const at = findingPosition(this.preview.plan, f.step);
    this.o.map.easeTo({ center: [at.lon, at.lat], zoom: Math.max(this.o.map.getZoom(), 16), duration: 500 });
  }

  /** Frames the plan's shape and path. */
  private fitPlan(): void {
    const bounds = new maplibregl.LngLatBounds();
    for (const p of this.draw.current()?.points ?? []) bounds.extend([p.lon, p.lat]);
    const plan = this.preview?.plan;
    if (plan) {
      bounds.extend([plan.home.lon, plan.home.lat]);
      for (const s of plan.steps) if ('at' in s) bounds.extend([s.at.lon, s.at.lat]);
    }
    if (!bounds.isEmpty()) this.o.map.fitBounds(bounds, { padding: 40, maxZoom: 17, duration: 0 });
  }
}
