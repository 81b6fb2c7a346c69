/**
 * Headless Debian Chromium for end-to-end tests, through playwright-core. Pages are checked:
 * page errors, console errors and any request leaving 127.0.0.1 are recorded as problems, and
 * waits fail as soon as one appears instead of timing out later.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser downloads are not used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that make Chromium work headless here: software WebGL, no sandbox, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  // A document fulfilled by the test (to add a CSP header) has no known IP address space, so
  // Chromium's local-network checks would block its WebSocket back to 127.0.0.1.
  '--disable-features=LocalNetworkAccessChecks',
];

/**
 * A strict policy the dashboard must run under: no inline script, no eval, workers and
 * connections to its own origin only.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** Launches a fresh browser with a temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface CheckedPageOptions {
  viewport?: { width: number; height: number };
  /** Served with every document as a Content-Security-Policy header. */
  csp?: string;
  /** Console errors (text plus source URL in brackets) matching any of these are known noise, not problems. */
  ignoreConsole?: readonly RegExp[];
  /** `navigator.languages` for the page, e.g. ['zh-CN']. */
  locale?: string;
}

export interface CheckedPage {
  page: Page;
  context: BrowserContext;
  /** Everything that went wrong so far, one line each. */
  readonly problems: readonly string[];
  /** Treats console errors matching `pattern` as expected until the returned function is called. */
  expectConsoleErrors(pattern: RegExp): () => void;
  /** `page.waitForFunction`, rejected early if a problem is recorded meanwhile. */
  waitFor<Arg>(fn: (arg: Arg) => unknown, arg: Arg, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The page asks who is signed in before showing the sign-in screen; the browser logs that
 * expected 401 as a console error, which is not a problem.
 */
export const SIGNED_OUT_CHECK = /status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/api\/auth\/me\)$/;

/** Opens a page in its own context, recording problems. */
export async function openCheckedPage(browser: Browser, opts: CheckedPageOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 800, height: 600 }, locale: opts.locale ?? 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  const ignored = new Set<RegExp>([SIGNED_OUT_CHECK, ...(opts.ignoreConsole ?? [])]);
  const waiters = new Set<(error: Error) => void>();
  const record = (problem: string): void => {
    problems.push(problem);
    for (const reject of waiters) reject(new Error(`page problem: ${problem}`));
  };

  page.on('pageerror', (error) => record(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const where = message.location().url;
    const line = `${text}${where ? ` (${where})` : ''}`;
    if ([...ignored].some((pattern) => pattern.test(line))) return;
    record(`console error: ${line}`);
  });
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (!LOCAL_HOSTS.has(url.hostname)) {
      record(`blocked request to ${url.origin}`);
      await route.abort('blockedbyclient');
      return;
    }
    if (opts.csp && request.resourceType() === 'document') {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': opts.csp } });
      return;
    }
    await route.continue();
  });

  return {
    page,
    context,
    problems,
    expectConsoleErrors(pattern) {
      ignored.add(pattern);
      return () => ignored.delete(pattern);
    },
    async waitFor(fn, arg, timeoutMs = 30_000) {
      if (problems.length > 0) throw new Error(`page problem: ${problems[0]}`);
      let rejectEarly: (error: Error) => void = () => {};
      const early = new Promise<never>((_resolve, reject) => {
        rejectEarly = reject;
        waiters.add(reject);
      });
      try {
        // Arg is plain data here; Playwright's Unboxed<Arg> cannot be proven equal for a generic Arg.
        const pageFn = fn as (arg: unknown) => unknown;
        await Promise.race([page.waitForFunction(pageFn, arg as unknown, { timeout: timeoutMs, polling: 100 }), early]);
      } finally {
        waiters.delete(rejectEarly);
      }
    },
    close: () => context.close(),
  };
}

/** Opens the dashboard at `url` and signs in through its sign-in screen. */
export async function signIn(checked: CheckedPage, url: string, username: string, password: string): Promise<void> {
  const { page } = checked;
  await page.goto(url);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
  await checked.waitFor(() => document.body.dataset.auth === 'signed-in' && !!window.__fleet, null);
}
