/**
 * The page's start: sign in (or find the session the cookie holds), then the dashboard. When the
 * session ends (expired, revoked, signed out elsewhere) the sign-in screen comes back over the
 * dashboard; signing in again as the same user reconnects the live feed where it was, while
 * another user gets a fresh page.
 */
import type { MeDTO } from '../../server/protocol-auth.js';
import { onSessionEnded } from '../auth/api-fetch.js';
import { LoginScreen, setAuthState, type LoginNotice } from '../auth/login-screen.js';
import { Session } from '../auth/session.js';
import { UserMenu } from '../auth/user-menu.js';
import { applyTranslations, initLocale } from '../i18n/i18n.js';
import { bindLanguageToggle } from '../ui/language-toggle.js';
import { startDashboard, type Dashboard } from './dashboard.js';

/** Survives the reload after signing out, so the sign-in screen can say so. */
const SIGNED_OUT_FLAG = 'fleet.signedOut';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page markup lacks #${id}`);
  return el as T;
}

function takeSignedOutFlag(): boolean {
  try {
    const set = sessionStorage.getItem(SIGNED_OUT_FLAG) !== null;
    sessionStorage.removeItem(SIGNED_OUT_FLAG);
    return set;
  } catch {
    return false;
  }
}

export async function startApp(): Promise<void> {
  initLocale();
  applyTranslations(document.body);
  bindLanguageToggle(byId<HTMLButtonElement>('lang-toggle'));
  bindLanguageToggle(byId<HTMLButtonElement>('login-lang'));
  setAuthState('pending');

  const session = new Session();
  const login = new LoginScreen(byId('login'), session);
  let me: MeDTO | null = null;
  try {
    me = await session.restore();
  } catch {
    // The server cannot be reached: the sign-in form says so when used.
  }
  if (me) setAuthState('signed-in');
  else {
    const notice: LoginNotice | null = takeSignedOutFlag() ? 'signedOut' : null;
    me = await login.prompt(notice, false);
  }

  const menu = new UserMenu({
    session,
    onSignedOut: () => {
      try {
        sessionStorage.setItem(SIGNED_OUT_FLAG, '1');
      } catch {
        // the notice is a courtesy
      }
      // A fresh page holds nothing of the signed-out user's.
      location.reload();
    },
  });
  menu.render(me);

  let dashboard: Dashboard | null = null;
  let prompting = false;
  const sessionEnded = (): void => {
    if (prompting) return;
    prompting = true;
    const previous = session.me?.username;
    void login.prompt('expired', true).then((again) => {
      prompting = false;
      if (again.username !== previous) return location.reload();
      menu.render(again);
      dashboard?.reconnect();
    });
  };
  onSessionEnded(sessionEnded);
  dashboard = await startDashboard({ onSessionEnded: sessionEnded });
}
