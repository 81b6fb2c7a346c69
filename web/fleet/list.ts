/**
 * The fleet list: a virtualised table. Only the rows in view exist in the DOM, and a row
 * writes only the cells whose text changed, so thousands of vehicles update cheaply.
 */
import type { VehicleDTO } from '../../server/protocol.js';
import { t } from '../i18n/i18n.js';
import { formatGpsShort, formatLinkShort, formatPercent } from './format.js';
import { sortedIds } from './sort.js';
import type { FleetChanges, FleetStore } from './store.js';
import { vehicleStatus } from './vehicle-status.js';

/** Row height in px; rows are positioned from it, so CSS must not change it. */
export const ROW_HEIGHT = 40;
const OVERSCAN = 6;
/** Cells of a row; the mode sits under the name, in the first column, so names have room. */
const COLUMNS = ['name', 'mode', 'armed', 'battery', 'gps', 'link'] as const;
type Column = (typeof COLUMNS)[number];
/** Header cells: the first one titles both name and mode. */
const HEADER: readonly (readonly Column[])[] = [['name', 'mode'], ['armed'], ['battery'], ['gps'], ['link']];

interface Row {
  el: HTMLElement;
  cells: Record<Column, HTMLElement>;
  /** Last written texts and classes, to skip unchanged DOM writes. */
  texts: Partial<Record<Column, string>>;
  className: string;
  id: string | null;
  index: number;
  /** Checkbox picking the vehicle for fleet actions, when the list offers picking. */
  pick: HTMLInputElement | null;
}

/** Vehicles ticked for fleet actions (fly/fleet-picks.ts). */
export interface RowPicks {
  has(id: string): boolean;
  toggle(id: string): void;
  onChange(listener: () => void): unknown;
}

export class FleetList {
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly rows: Row[] = [];
  private order: string[] = [];
  private readonly indexOf = new Map<string, number>();
  private selectedId: string | null = null;
  private viewportHeight = 0;
  private scrollQueued = false;

  constructor(
    container: HTMLElement,
    private readonly store: FleetStore,
    private readonly onSelect: (id: string) => void,
    private readonly picks: RowPicks | null = null,
  ) {
    container.replaceChildren();
    const header = element('div', 'list-header');
    header.setAttribute('aria-hidden', 'true');
    for (const columns of HEADER) {
      const cell = element('span', `c-${columns[0]}`);
      for (const column of columns) {
        const label = element('span', 'col-label');
        label.dataset.i18n = `col.${column}`;
        label.textContent = t(`col.${column}`);
        cell.append(label);
      }
      header.append(cell);
    }
    this.scroller = element('div', 'list-scroll');
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'listbox');
    this.scroller.dataset.i18nAriaLabel = 'list.label';
    this.scroller.setAttribute('aria-label', t('list.label'));
    this.spacer = element('div', 'list-spacer');
    this.scroller.append(this.spacer);
    this.empty = element('p', 'list-empty');
    this.empty.dataset.i18n = 'list.empty';
    this.empty.textContent = t('list.empty');
    container.append(header, this.scroller, this.empty);

    picks?.onChange(() => this.refresh());
    this.scroller.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('[data-id]');
      // Ticking a vehicle for a fleet action does not select it.
      if (row?.dataset.id && (event.target as HTMLElement).classList.contains('row-pick')) return this.picks?.toggle(row.dataset.id);
      if (row?.dataset.id) this.onSelect(row.dataset.id);
    });
    this.scroller.addEventListener('keydown', (event) => this.onKey(event));
    this.scroller.addEventListener('scroll', () => {
      if (this.scrollQueued) return;
      this.scrollQueued = true;
      requestAnimationFrame(() => {
        this.scrollQueued = false;
        this.renderWindow(false, null);
      });
    });
    new ResizeObserver(() => {
      this.viewportHeight = this.scroller.clientHeight;
      this.renderWindow(false, null);
    }).observe(this.scroller);
    this.viewportHeight = this.scroller.clientHeight;
  }

  /** Number of vehicles listed (all of them, rendered or not). */
  get length(): number {
    return this.order.length;
  }

  /** Applies one tick's changes. */
  render(changes: FleetChanges): void {
    if (changes.membership) {
      this.order = sortedIds(this.store.values());
      this.indexOf.clear();
      this.order.forEach((id, i) => this.indexOf.set(id, i));
      this.spacer.style.height = `${this.order.length * ROW_HEIGHT}px`;
      this.empty.hidden = this.order.length > 0;
      this.renderWindow(true, null);
    } else if (changes.changed.size > 0) {
      this.renderWindow(false, changes.changed);
    }
  }

  /** Re-renders every visible row (after a language change). */
  refresh(): void {
    this.renderWindow(true, null);
  }

  /** Highlights a vehicle and scrolls it into view. */
  select(id: string | null): void {
    this.selectedId = id;
    this.renderWindow(true, null);
    if (id === null) return;
    const index = this.indexOf.get(id);
    if (index === undefined) return;
    const top = index * ROW_HEIGHT;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + this.viewportHeight) this.scroller.scrollTop = top + ROW_HEIGHT - this.viewportHeight;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    if (this.order.length === 0) return;
    const current = this.selectedId === null ? -1 : (this.indexOf.get(this.selectedId) ?? -1);
    const next = event.key === 'ArrowDown' ? Math.min(this.order.length - 1, current + 1) : Math.max(0, current - 1);
    this.onSelect(this.order[next]);
  }

  /**
   * Fills the rows in view. `all` rewrites every visible row; otherwise only rows whose
   * vehicle is in `changed`, or rows now showing a different vehicle.
   */
  private renderWindow(all: boolean, changed: ReadonlySet<string> | null): void {
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const visible = Math.ceil(this.viewportHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(this.order.length, first + visible);
    const needed = last - first;
    while (this.rows.length < needed) this.rows.push(this.createRow());
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      const index = first + i;
      if (i >= needed) {
        if (row.id !== null) {
          row.el.hidden = true;
          row.id = null;
        }
        continue;
      }
      const id = this.order[index];
      const moved = row.id !== id || row.index !== index;
      if (!all && !moved && !(changed?.has(id) ?? false)) continue;
      const v = this.store.get(id);
      if (!v) continue;
      if (row.index !== index) {
        row.el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
        row.index = index;
      }
      row.id = id;
      row.el.hidden = false;
      this.fillRow(row, v);
    }
  }

  private fillRow(row: Row, v: VehicleDTO): void {
    const status = vehicleStatus(v);
    const selected = v.id === this.selectedId;
    const className = `row status-${status}${selected ? ' selected' : ''}`;
    if (row.className !== className) {
      row.el.className = className;
      row.el.setAttribute('aria-selected', String(selected));
      row.className = className;
    }
    row.el.dataset.id = v.id;
    setText(row, 'name', v.name);
    setText(row, 'mode', v.mode);
    setText(row, 'armed', v.armed ? t('armed.yes') : t('armed.no'));
    setText(row, 'battery', formatPercent(v.battery.percent));
    setText(row, 'gps', formatGpsShort(v.gps, t));
    setText(row, 'link', formatLinkShort(v, t));
    if (row.pick) {
      row.pick.checked = this.picks!.has(v.id);
      row.pick.dataset.testid = `pick-${v.id}`;
    }
  }

  private createRow(): Row {
    const el = element('div', 'row');
    el.setAttribute('role', 'option');
    el.style.height = `${ROW_HEIGHT}px`;
    el.hidden = true;
    const cells = {} as Record<Column, HTMLElement>;
    const first = element('span', 'c-name');
    cells.name = element('span', 'name-text');
    cells.mode = element('span', 'mode-text');
    let pick: HTMLInputElement | null = null;
    if (this.picks) {
      pick = element('input', 'row-pick') as HTMLInputElement;
      pick.type = 'checkbox';
      pick.dataset.permission = 'vehicle:command';
      pick.dataset.i18nTitle = 'fly.fleet.pick';
      pick.title = t('fly.fleet.pick');
      first.append(pick);
    }
    first.append(element('span', 'status-dot'), cells.name, cells.mode);
    el.append(first);
    for (const column of COLUMNS) {
      if (column === 'name' || column === 'mode') continue;
      cells[column] = element('span', `c-${column}`);
      el.append(cells[column]);
    }
    this.spacer.append(el);
    return { el, cells, texts: {}, className: 'row', id: null, index: -1, pick };
  }
}

function setText(row: Row, column: Column, text: string): void {
  if (row.texts[column] === text) return;
  row.texts[column] = text;
  row.cells[column].textContent = text;
  if (column === 'name' || column === 'mode') row.cells[column].title = text;
}

function element(tag: string, className: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  return el;
}
