/** The header's connection badge; also marks the page so stale data can be dimmed. */
import { t } from '../i18n/i18n.js';
import type { ConnectionState } from '../net/connection-state.js';

export class ConnectionIndicator {
  private state: ConnectionState = 'connecting';

  constructor(private readonly root: HTMLElement) {
    root.replaceChildren(Object.assign(document.createElement('span'), { className: 'conn-dot' }), document.createElement('span'));
    this.set(this.state);
  }

  /** The state shown. */
  get current(): ConnectionState {
    return this.state;
  }

  set(state: ConnectionState): void {
    this.state = state;
    this.root.dataset.state = state;
    document.body.dataset.connection = state;
    this.refresh();
  }

  /** Rewrites the label (after a language change). */
  refresh(): void {
    const label = this.root.lastElementChild;
    if (label) label.textContent = t(`conn.${this.state}`);
  }
}
