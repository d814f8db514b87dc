// The harness of polls' browser tests: launches Debian's Chromium through playwright-core, runs a
// scenario as a list of named steps (the first failure ends it, with a screenshot), saves
// screenshots, and fails a step on what a user would not see but should not happen: script
// errors, failed or error responses, any request leaving 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// Headless as root in a container; nothing that reaches past 127.0.0.1. launch() adds a fresh
// temporary --user-data-dir of its own (under $TMPDIR) and deletes it on close; it refuses one in
// args.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const SCENARIO_TIMEOUT_MS = 80_000;

export class TestFailure extends Error {}

export function expect(condition, message) {
  if (!condition) throw new TestFailure(message);
}

export function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new TestFailure(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function setting(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through tests/scripts/test_browser.sh`);
  return value;
}

// One scenario's page and its bookkeeping.
class Run {
  constructor(scenario, page, outDir) {
    this.scenario = scenario;
    this.page = page;
    this.outDir = outDir;
    this.problems = [];
    this.allowed = new Set(); // "status path" pairs a step expects, such as "404 /polls/1/"
    this.currentStep = '(launch)';
    this.screenshots = 0;
  }

  // Runs one step; its problems (script errors, bad responses) fail it too.
  async step(name, body) {
    this.currentStep = name;
    const started = Date.now();
    await body();
    if (this.problems.length > 0) {
      throw new TestFailure(`the browser saw:\n  - ${this.problems.join('\n  - ')}`);
    }
    console.log(`     ok   ${name} (${Date.now() - started} ms)`);
  }

  // A full-page screenshot in the output folder. CSS transitions are run to their end first (the
  // results page's bars glide to a new width), so a picture shows what the page settles on.
  async shot(name) {
    await this.page.screenshot({ path: join(this.outDir, `${name}.png`), fullPage: true, animations: 'disabled' });
    this.screenshots += 1;
  }

  // Lets one response status for a path through (a 404 the step is about).
  allow(status, path) {
    this.allowed.add(`${status} ${path}`);
  }

  isAllowed(status, url) {
    return this.allowed.has(`${status} ${new URL(url).pathname}`);
  }

  // Navigates and checks the status of the answer.
  async visit(path, status = 200) {
    const response = await this.page.goto(path);
    expect(response !== null, `no response for ${path}`);
    expectEqual(response.status(), status, `status of GET ${path} (after redirects: ${this.page.url()})`);
    return response;
  }

  // The path of the page shown (with its query, if any).
  path() {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  async expectPath(expected, what) {
    await this.page.waitForURL((url) => url.pathname === expected, { timeout: NAVIGATION_TIMEOUT_MS })
      .catch(() => {});
    expectEqual(new URL(this.page.url()).pathname, expected, `page after ${what}`);
  }

  async expectHeading(text) {
    const h1 = (await this.page.locator('h1').first().textContent() ?? '').trim();
    expectEqual(h1, text, `<h1> of ${this.path()}`);
  }

  // The admin's one-line message (Django's messages framework) on the page shown.
  async expectMessage(text) {
    const messages = await this.page.locator('p.message[role=status]').allTextContents();
    expect(messages.length === 1, `expected one message [${text}] on ${this.path()}, got ${JSON.stringify(messages)}`);
    expectEqual(messages[0].trim(), text, `message on ${this.path()}`);
  }

  // No horizontal scrolling of the page: what sticks out is named by its CSS path.
  async expectNoHorizontalOverflow(what) {
    const viewport = this.page.viewportSize().width;
    const found = await this.page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
        [...el.classList].map((c) => `.${c}`).join('');
      const cssPath = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.documentElement; e = e.parentElement) parts.unshift(name(e));
        return parts.join(' > ');
      };
      // Inside a scrolling box (.table-scroll) sticking out is by design.
      const clipped = (el) => {
        for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
          if (getComputedStyle(e).overflowX !== 'visible') return true;
        }
        return false;
      };
      const wide = [...document.body.querySelectorAll('*')].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > limit + 0.5 && !clipped(el);
      });
      // The innermost ones: their parents stick out because of them.
      const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        offenders: innermost.slice(0, 6).map((el) =>
          `${cssPath(el)} (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`),
      };
    });
    expect(found.scrollWidth <= viewport && found.scrollWidth <= found.innerWidth,
      `${what} (${this.path()}) scrolls sideways at ${viewport}px: the page is ` +
      `${found.scrollWidth}px wide (window.innerWidth ${found.innerWidth}); sticking out:\n  - ` +
      `${found.offenders.join('\n  - ') || '(nothing found outside scroll boxes)'}`);
  }
}

// Runs a scenario in a fresh browser; returns whether it passed. contextOptions adds to the
// defaults (a 1280x900 window, the Pacific/Auckland time zone, en-US).
export async function runScenario(scenario, contextOptions, body) {
  const baseURL = setting('BROWSER_TEST_URL');
  const outDir = setting('BROWSER_TEST_OUTPUT_DIR');
  mkdirSync(outDir, { recursive: true });
  const watchdog = setTimeout(() => {
    console.error(`     FAIL ${scenario}: still running after ${SCENARIO_TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, SCENARIO_TIMEOUT_MS);

  // The browser's zone is far ahead of the site's (test_browser.sh runs polls in
  // America/Los_Angeles): the Today and Now buttons must fill in the site's date and time, or the
  // new question would be dated about 21 hours ahead and missing from /polls/.
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
    env: { ...process.env, TZ: 'Pacific/Auckland' },
  });
  let run;
  try {
    const context = await browser.newContext({
      baseURL, timezoneId: 'Pacific/Auckland', locale: 'en-US', viewport: { width: 1280, height: 900 },
      ...contextOptions,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    run = new Run(scenario, page, outDir);
    watch(context, page, run);
    await body(run);
    console.log(`     ${scenario}: ${run.screenshots} screenshot(s) in ${outDir}`);
    return true;
  } catch (error) {
    const where = run ? ` at step "${run.currentStep}" on ${run.page.url()}` : '';
    let message = error instanceof TestFailure ? error.message : error.stack;
    if (run && run.problems.length > 0 && !(error instanceof TestFailure && message.startsWith('the browser saw'))) {
      message += `\nthe browser also saw:\n  - ${run.problems.join('\n  - ')}`;
    }
    // Playwright's call logs are coloured for a terminal.
    message = message.replace(/\x1b\[[0-9;]*m/g, '');
    console.log(`     FAIL ${scenario}${where}:\n     ${message.replaceAll('\n', '\n     ')}`);
    if (run) {
      await run.shot(`FAILED-${scenario}`).catch(() => {});
      console.log(`     the page as it was: ${join(outDir, `FAILED-${scenario}.png`)}`);
    }
    return false;
  } finally {
    await browser.close();
    clearTimeout(watchdog);
  }
}

// Records what should fail the current step.
function watch(context, page, run) {
  context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    run.problems.push(`a request outside 127.0.0.1, blocked: ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('pageerror', (error) => run.problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const source = message.location().url;
    // Chromium logs every 4xx/5xx response as a console error: those are judged below.
    if (/status of \d{3}/.test(message.text()) && source) return;
    run.problems.push(`console error: ${message.text()} (${source || 'no source'})`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status >= 400 && !run.isAllowed(status, response.url())) {
      run.problems.push(`${status} for ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown';
    if (reason.includes('BLOCKED_BY_CLIENT')) return; // already recorded by the route above
    // The browser cancelled it, leaving the page (a favicon still loading when a step navigates).
    if (reason === 'net::ERR_ABORTED') return;
    run.problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
}
