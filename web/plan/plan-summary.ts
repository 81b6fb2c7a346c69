/**
 * The estimates (distance, time, photos, batteries, area, items) and the validation findings of
 * the plan on screen. Each finding's title is translated; its detail is the validator's own text.
 */
import type { Finding } from '../../missions/validate.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import type { PlanPreview } from './plan-preview.js';

/** `1 h 05 min`, `12 min 30 s`, `45 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(r).padStart(2, '0')} s`;
  return `${r} s`;
}

/** Metres below 1 km, else kilometres with two decimals. */
export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(2)} km`;
}

/** Hectares with two decimals. */
export function formatArea(m2: number): string {
  return `${(m2 / 10_000).toFixed(2)} ha`;
}

export class PlanSummary {
  constructor(
    private readonly estimates: HTMLElement,
    private readonly findings: HTMLElement,
    private readonly onFocus: (finding: Finding) => void,
  ) {}

  /** Shows the preview, or why there is none (`problem`: a generator's message; null: nothing drawn yet). */
  render(preview: PlanPreview | null, problem: string | null): void {
    this.renderEstimates(preview);
    this.renderFindings(preview, problem);
  }

  private renderEstimates(preview: PlanPreview | null): void {
    if (!preview) {
      this.estimates.replaceChildren();
      return;
    }
    const e = preview.estimates;
    const rows: [MessageKey, string, string][] = [
      ['plan.est.distance', formatDistance(e.distanceM), 'distance'],
      ['plan.est.time', formatDuration(e.flightTimeS), 'time'],
      ['plan.est.photos', String(e.photoCount), 'photos'],
      ['plan.est.batteries', String(e.batteries), 'batteries'],
      ...(e.areaM2 !== null ? [['plan.est.area', formatArea(e.areaM2), 'area'] as [MessageKey, string, string]] : []),
      ['plan.est.items', String(e.itemCount), 'items'],
    ];
    this.estimates.replaceChildren(
      ...rows.flatMap(([key, value, name]) => {
        const dt = document.createElement('dt');
        dt.textContent = t(key);
        const dd = document.createElement('dd');
        dd.textContent = value;
        dd.dataset.estimate = name;
        return [dt, dd];
      }),
    );
  }

  private renderFindings(preview: PlanPreview | null, problem: string | null): void {
    const items: HTMLElement[] = [];
    if (problem) items.push(this.item('error', t('plan.finding.generator'), problem, null));
    for (const f of preview?.findings ?? []) {
      const li = this.item(f.severity, t(`plan.finding.${f.code}` as MessageKey), f.message, f.step);
      li.addEventListener('click', () => this.onFocus(f));
      items.push(li);
    }
    if (items.length === 0 && preview) {
      const li = document.createElement('li');
      li.className = 'finding ok';
      li.textContent = t('plan.finding.none');
      items.push(li);
    }
    this.findings.replaceChildren(...items);
  }

  private item(severity: Finding['severity'], title: string, detail: string, step: number | null): HTMLElement {
    const li = document.createElement('li');
    li.className = `finding ${severity}`;
    li.dataset.severity = severity;
    const badge = document.createElement('span');
    badge.className = 'finding-badge';
    badge.textContent = t(severity === 'error' ? 'plan.finding.error' : 'plan.finding.warning');
    const head = document.createElement('strong');
    head.textContent = step === null ? title : `${title} · ${t('plan.finding.item', { item: step + 1 })}`;
    const text = document.createElement('span');
    text.className = 'finding-detail';
    text.textContent = detail;
    li.append(badge, head, text);
    return li;
  }
}
