/**
 * The contents of the popups on the map: a finding (its photo crop, type, severity, confidence,
 * when, and for operators a one-step re-inspection orbit), and a photo footprint (its thumbnail
 * and a link to the photo).
 */
import type { FindingProperties, LabelDef } from '../../server/protocol-annotation.js';
import { canDo } from '../auth/permissions.js';
import { t } from '../i18n/i18n.js';
import { errorText, imageFileUrl, reinspect } from '../annotate/annotation-api.js';
import { button, el } from '../annotate/dom.js';
import { labelText, valueText } from '../annotate/label-text.js';
import { placeCrop } from './photo-crop.js';

/** Largest crop shown. */
const CROP_FRAME = { width: 220, height: 130 };

export interface FindingPopupOptions {
  labels: readonly LabelDef[];
  color: string;
  /** Opens a plan in the Plan view, when the dashboard offers it. */
  openPlan?(planId: string): void;
}

/** A photo crop: the full image placed by a CSS transform so the crop box fills the frame. */
export function photoCrop(imageUrl: string, crop: FindingProperties['crop']): HTMLElement {
  const img = el('img', { class: 'finding-crop-image', attrs: { alt: '', draggable: 'false' } });
  const mark = el('div', { class: 'finding-crop-mark' });
  const frame = el('div', { class: 'finding-crop', data: { loading: '' } }, [img, mark]);
  const place = (image: { width: number; height: number } | null): void => {
    const p = placeCrop(crop, image, CROP_FRAME);
    frame.style.width = `${p.frame.width}px`;
    frame.style.height = `${p.frame.height}px`;
    img.style.transform = `translate(${p.offsetX}px, ${p.offsetY}px) scale(${p.scale})`;
    Object.assign(mark.style, { left: `${p.mark.x}px`, top: `${p.mark.y}px`, width: `${p.mark.width}px`, height: `${p.mark.height}px` });
  };
  place(null);
  img.addEventListener('load', () => {
    delete frame.dataset.loading;
    place({ width: img.naturalWidth, height: img.naturalHeight });
  });
  img.addEventListener('error', () => (frame.dataset.failed = ''));
  img.src = imageUrl;
  return frame;
}

export function findingPopup(f: FindingProperties, o: FindingPopupOptions): HTMLElement {
  const swatch = el('span', { class: 'swatch' });
  swatch.style.background = o.color;
  const rows: [string, string][] = [];
  if (f.severity) rows.push([t('annotate.severity'), valueText(f.severity)]);
  if (f.confidence !== null) rows.push([t('annotate.confidence'), `${Math.round(f.confidence * 100)}%`]);
  rows.push([t('findings.found'), new Date(f.createdAt).toLocaleString()]);
  if (f.positionSource !== 'projected') rows.push([t('findings.position'), t('findings.positionApprox')]);
  const body = el('div', { class: 'finding-popup', data: { finding: f.id } }, [
    photoCrop(f.imageUrl || imageFileUrl(f.imageId), f.crop),
    el('div', { class: 'finding-title' }, [swatch, el('strong', { text: labelText(f.type, o.labels) })]),
    el('dl', { class: 'finding-facts' }, rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
    el('a', { text: t('findings.openPhoto'), attrs: { href: imageFileUrl(f.imageId), target: '_blank', rel: 'noopener' } }),
  ]);
  if (canDo('plans:write')) body.append(reinspectBlock(f.id, o.openPlan));
  return body;
}

function reinspectBlock(findingId: string, openPlan?: (planId: string) => void): HTMLElement {
  const status = el('p', { class: 'finding-status', attrs: { role: 'status' } });
  const go = button({ class: 'finding-reinspect', text: t('findings.reinspect'), primary: true });
  go.addEventListener('click', async () => {
    go.disabled = true;
    status.textContent = t('findings.reinspecting');
    try {
      const { planId } = await reinspect(findingId);
      status.textContent = t('findings.planMade', { id: planId });
      status.dataset.plan = planId;
      if (openPlan) {
        const open = button({ class: 'finding-open-plan', text: t('findings.openPlan') });
        open.addEventListener('click', () => openPlan(planId));
        status.after(open);
      }
    } catch (err) {
      status.textContent = errorText(err);
      go.disabled = false;
    }
  });
  return el('div', { class: 'finding-actions' }, [go, status]);
}

/** A photo footprint: thumbnail, time and a link to the full photo. */
export function footprintPopup(imageId: string, capturedAt: number | null): HTMLElement {
  const thumb = el('img', { class: 'footprint-thumb', attrs: { alt: '', src: `/api/images/${encodeURIComponent(imageId)}/thumbnail` } });
  const link = el('a', { attrs: { href: imageFileUrl(imageId), target: '_blank', rel: 'noopener' } }, [thumb]);
  return el('div', { class: 'footprint-popup', data: { image: imageId } }, [
    link,
    el('p', { text: capturedAt ? new Date(capturedAt).toLocaleString() : '' }),
    el('a', { text: t('findings.openPhoto'), attrs: { href: imageFileUrl(imageId), target: '_blank', rel: 'noopener' } }),
  ]);
}
