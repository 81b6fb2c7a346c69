/**
 * The sign-in screen: shown before the dashboard, and over it when a session ends (with a notice
 * saying so). Resolves once the server accepts the name and password.
 */
import type { MeDTO } from '../../server/protocol-auth.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { ApiError } from './api-fetch.js';
import type { Session } from './session.js';

/** Why the screen is shown again: the session expired or was ended, or the user signed out. */
export type LoginNotice = 'expired' | 'signedOut';

/** What the page is showing, on `body[data-auth]`: the stylesheet shows and hides by it. */
export type AuthState = 'pending' | 'signed-out' | 'expired' | 'signed-in';

export function setAuthState(state: AuthState): void {
  document.body.dataset.auth = state;
}

function part<T extends HTMLElement>(root: HTMLElement, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`login markup lacks ${selector}`);
  return el;
}

/** A message for a failed sign-in. */
export function loginErrorKey(err: unknown): MessageKey {
  if (!(err instanceof ApiError)) return 'auth.error.server';
  if (err.status === 401 || err.status === 400) return 'auth.error.credentials';
  if (err.status === 429) return 'auth.error.rateLimited';
  if (err.status === 0) return 'auth.error.network';
  return 'auth.error.server';
}

export class LoginScreen {
  private readonly form: HTMLFormElement;
  private readonly username: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly notice: HTMLElement;
  private readonly error: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private waiting: Promise<MeDTO> | null = null;

  constructor(root: HTMLElement, private readonly session: Session) {
    this.form = part(root, 'form');
    this.username = part(root, '#login-username');
    this.password = part(root, '#login-password');
    this.notice = part(root, '#login-notice');
    this.error = part(root, '#login-error');
    this.submit = part(root, '#login-submit');
  }

  /** Shows the screen and resolves when signed in; concurrent calls share one prompt. */
  prompt(notice: LoginNotice | null, overDashboard: boolean): Promise<MeDTO> {
    if (this.waiting) return this.waiting;
    setAuthState(overDashboard ? 'expired' : 'signed-out');
    this.showText(this.notice, notice ? (notice === 'expired' ? 'auth.notice.expired' : 'auth.notice.signedOut') : null);
    this.showText(this.error, null);
    this.password.value = '';
    const previous = this.session.me?.username ?? '';
    if (previous && !this.username.value) this.username.value = previous;
    (this.username.value ? this.password : this.username).focus();
    this.waiting = new Promise<MeDTO>((resolve) => {
      const onSubmit = (event: SubmitEvent): void => {
        event.preventDefault();
        void this.attempt().then((me) => {
          if (!me) return;
          this.form.removeEventListener('submit', onSubmit);
          this.waiting = null;
          this.password.value = '';
          setAuthState('signed-in');
          resolve(me);
        });
      };
      this.form.addEventListener('submit', onSubmit);
    });
    return this.waiting;
  }

  private async attempt(): Promise<MeDTO | null> {
    const username = this.username.value.trim();
    const password = this.password.value;
    if (!username || !password) {
      this.showText(this.error, 'auth.error.missing');
      return null;
    }
    this.submit.disabled = true;
    this.showText(this.error, null);
    try {
      return await this.session.login(username, password);
    } catch (err) {
      this.showText(this.error, loginErrorKey(err));
      this.password.select();
      return null;
    } finally {
      this.submit.disabled = false;
    }
  }

  /** Shows a message (kept translated on a language switch through `data-i18n`), or hides it. */
  private showText(el: HTMLElement, key: MessageKey | null): void {
    if (key) el.dataset.i18n = key;
    else delete el.dataset.i18n;
    el.textContent = key ? t(key) : '';
    el.hidden = key === null;
  }
}
