/**
 * The saved plans, newest change first, reloaded whenever any operator saves or deletes one. Open
 * a plan by clicking it; deleting asks for a second click.
 */
import type { PlanSummaryDTO } from '../../server/protocol-plans.js';
import { locale, t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { listPlans } from '../net/plans-api.js';

export interface SavedPlansOptions {
  onOpen(id: string): void;
  onDelete(plan: PlanSummaryDTO): void;
  onError(message: string): void;
}

export class SavedPlans {
  private plans: PlanSummaryDTO[] = [];
  private activeId: string | null = null;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly list: HTMLElement, private readonly o: SavedPlansOptions) {}

  /** The plans last listed. */
  get current(): readonly PlanSummaryDTO[] {
    return this.plans;
  }

  /** Reloads the list; calls during a reload coalesce into one more. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        try {
          this.plans = await listPlans();
          this.render();
        } catch (err) {
          this.o.onError((err as Error).message);
        }
      } while (this.again);
      this.loading = null;
    })();
    return this.loading;
  }

  /** Marks the plan open in the editor. */
  setActive(id: string | null): void {
    this.activeId = id;
    this.render();
  }

  render(): void {
    if (this.plans.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'saved-empty';
      empty.textContent = t('plan.saved.empty');
      this.list.replaceChildren(empty);
      return;
    }
    const when = new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' });
    this.list.replaceChildren(
      ...this.plans.map((p) => {
        const li = document.createElement('li');
        li.className = 'saved-plan';
        li.dataset.id = p.id;
        li.classList.toggle('active', p.id === this.activeId);
        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'saved-open';
        const name = document.createElement('span');
        name.className = 'saved-name';
        name.textContent = p.name;
        const meta = document.createElement('span');
        meta.className = 'saved-meta';
        meta.textContent = `${t(`plan.pattern.${p.pattern}` as MessageKey)} · ${t('plan.saved.items', { n: p.itemCount })} · ${when.format(p.updatedAt)} · v${p.version}`;
        open.append(name, meta);
        open.addEventListener('click', () => this.o.onOpen(p.id));
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'saved-delete';
        remove.dataset.permission = 'plans:write';
        remove.textContent = t('plan.saved.delete');
        remove.addEventListener('click', () => {
          // A second click confirms.
          if (remove.dataset.confirm) return this.o.onDelete(p);
          remove.dataset.confirm = 'true';
          remove.textContent = t('plan.saved.confirmDelete');
        });
        li.append(open, remove);
        return li;
      }),
    );
  }
}
