/**
 * The top bar's user menu: who is signed in and with which roles, change password, sign out.
 */
import type { MeDTO } from '../../server/protocol-auth.js';
import { onLocaleChange, t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/translate.js';
import { ApiError } from './api-fetch.js';
import type { Session } from './session.js';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`user menu markup lacks #${id}`);
  return el as T;
}

export interface UserMenuOptions {
  session: Session;
  /** After signing out here. */
  onSignedOut(): void;
}

/** Minimum password length the form asks for before the server judges it. */
const MIN_PASSWORD = 8;

export class UserMenu {
  private readonly button = byId<HTMLButtonElement>('user-button');
  private readonly popup = byId('user-popup');
  private readonly dialog = byId<HTMLDialogElement>('password-dialog');
  private readonly passwordForm = byId<HTMLFormElement>('password-form');
  private readonly passwordError = byId('password-error');

  constructor(private readonly o: UserMenuOptions) {
    this.button.addEventListener('click', () => this.setOpen(this.popup.hidden));
    document.addEventListener('click', (event) => {
      if (!this.popup.hidden && !(event.target as Element).closest('.user-menu')) this.setOpen(false);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.popup.hidden) this.setOpen(false);
    });
    byId('sign-out').addEventListener('click', () => void this.signOut());
    byId('change-password').addEventListener('click', () => this.openPasswordDialog());
    byId('password-cancel').addEventListener('click', () => this.dialog.close());
    this.passwordForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.changePassword();
    });
    onLocaleChange(() => this.render(this.o.session.me));
  }

  /** Shows the signed-in user. */
  render(me: MeDTO | null): void {
    byId('user-name').textContent = me?.username ?? '';
    byId('user-roles').textContent = me ? me.roles.map((r) => t(`auth.role.${r}` as MessageKey)).join(' · ') : '';
  }

  private setOpen(open: boolean): void {
    this.popup.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
  }

  private async signOut(): Promise<void> {
    this.setOpen(false);
    await this.o.session.logout().catch(() => undefined);
    this.o.onSignedOut();
  }

  private openPasswordDialog(): void {
    this.setOpen(false);
    this.passwordForm.reset();
    this.showError(null);
    this.dialog.showModal();
  }

  private field(name: string): string {
    return (this.passwordForm.elements.namedItem(name) as HTMLInputElement).value;
  }

  private async changePassword(): Promise<void> {
    const current = this.field('current'), next = this.field('next'), again = this.field('again');
    if (next.length < MIN_PASSWORD) return this.showError(t('auth.password.tooShort', { n: MIN_PASSWORD }));
    if (next !== again) return this.showError(t('auth.password.mismatch'));
    try {
      await this.o.session.changePassword(current, next);
      this.passwordForm.reset();
      this.showError(t('auth.password.changed'), true);
    } catch (err) {
      this.showError(err instanceof ApiError && err.status === 403 ? t('auth.password.wrongCurrent') : (err as Error).message);
    }
  }

  private showError(text: string | null, success = false): void {
    this.passwordError.textContent = text ?? '';
    this.passwordError.hidden = text === null;
    this.passwordError.classList.toggle('ok', success);
  }
}
