/**
 * The queue overview: each queue with its depth by state (kept live by `queues:changed`) and a
 * "Claim next" button for annotators.
 */
import type { QueueDTO, QueuesChangedDTO, TaskState } from '../../server/protocol-annotation.js';
import { t } from '../i18n/i18n.js';
import { button, el } from './dom.js';

/** The states shown, in work order. */
const SHOWN: readonly TaskState[] = ['queued', 'in_progress', 'submitted', 'rejected', 'accepted'];

/** Queue depths with a live change applied (queues the change does not name are kept). */
export function applyDepths(queues: readonly QueueDTO[], change: QueuesChangedDTO): QueueDTO[] {
  const byId = new Map(change.queues.map((q) => [q.id, q]));
  return queues.map((q) => {
    const c = byId.get(q.id);
    return c ? { ...q, depth: c.depth, honeypots: c.honeypots } : q;
  });
}

export class QueueOverview {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;
  private queues: QueueDTO[] = [];

  constructor(private readonly onClaim: (queueId: string) => void) {
    this.list = el('ul', { class: 'aw-queue-list' });
    this.note = el('p', { class: 'aw-note', attrs: { role: 'status' } });
    this.root = el('div', { class: 'aw-queues' }, [el('h2', { text: t('annotate.queues'), data: { i18n: 'annotate.queues' } }), this.note, this.list]);
  }

  setQueues(queues: QueueDTO[]): void {
    this.queues = queues;
    this.render();
  }

  applyChange(change: QueuesChangedDTO): void {
    this.queues = applyDepths(this.queues, change);
    this.render();
  }

  /** A line above the queues (e.g. "no more tasks in Forest patrol"), or none. */
  say(text: string | null): void {
    this.note.textContent = text ?? '';
  }

  render(): void {
    this.list.replaceChildren(
      ...this.queues.map((q) => {
        const claim = button({ class: 'primary aw-claim', text: t('annotate.claimNext'), attrs: { 'data-permission': 'tasks:label' }, data: { queue: q.id } });
        claim.id = `aw-claim-${q.id}`;
        claim.disabled = q.depth.queued + q.depth.rejected === 0;
        claim.addEventListener('click', () => this.onClaim(q.id));
        const depth = el(
          'dl',
          { class: 'aw-depth' },
          SHOWN.map((s) =>
            el('div', { data: { state: s } }, [el('dt', { text: t(`annotate.state.${s}`) }), el('dd', { text: String(q.depth[s]), data: { count: s } })]),
          ),
        );
        return el('li', { class: 'aw-queue', data: { queue: q.id } }, [el('h3', { text: q.name }), depth, claim]);
      }),
    );
  }
}
