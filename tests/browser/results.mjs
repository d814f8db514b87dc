// The public results page in a real browser (Debian's Chromium): its bars move as other people
// vote, without a reload (live-results.js on the question's event stream).
//
//   node results.mjs live     a viewer keeps the results open while a second browser (its own
//                             cookies, as another person) votes: counts, percentages, bar classes,
//                             leaders and the total change on the viewer's page, which never
//                             navigates; then it fits a 390 px phone; then a page whose choices
//                             are not the stream's reloads itself; and a stream refused with 503
//                             is tried again later
//
// Run by tests/scripts/test_browser.sh, which starts polls and seeds the question; it passes
// BROWSER_TEST_URL, BROWSER_TEST_OUTPUT_DIR (screenshots) and BROWSER_TEST_LIVE_QUESTION (its id,
// three choices with no votes).
import { expectEqual, runScenario, setting } from './harness.mjs';

const QUESTION_ID = setting('BROWSER_TEST_LIVE_QUESTION');
const RESULTS = `/polls/${QUESTION_ID}/results/`;
// The contract's pace is one event per 250 ms at most; this leaves room for a loaded machine.
const UPDATE_TIMEOUT_MS = 5_000;

// What the viewer's page shows, choice by choice, read from the DOM a person sees.
async function shown(page) {
  return page.evaluate(() => ({
    choices: [...document.querySelectorAll('ul.results li[data-choice]')].map((li) => ({
      text: li.querySelector('.result-text').textContent.trim(),
      percent: li.querySelector('.result-percent').textContent,
      bar: [...li.querySelector('.bar-fill').classList].filter((c) => /^w-\d+$/.test(c)).join(' '),
      leading: !li.querySelector('.result-leader').hidden && li.classList.contains('is-leading'),
    })),
    total: document.querySelector('.total-votes').textContent,
  }));
}

// Waits for the viewer's page to show `expected` (a full `shown` value); fails with the last seen.
async function expectShown(page, expected, what) {
  const want = JSON.stringify(expected);
  let last;
  const deadline = Date.now() + UPDATE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    last = JSON.stringify(await shown(page));
    if (last === want) return;
    await page.waitForTimeout(50);
  }
  expectEqual(last, want, `${what} (within ${UPDATE_TIMEOUT_MS} ms)`);
}

// A row of `shown` for one choice.
const row = (text, votes, percent, leading) => ({
  text: `${text} -- ${votes} ${votes === 1 ? 'vote' : 'votes'}`,
  percent: `${percent}%`, bar: `w-${percent}`, leading,
});

// Another person: a browser context of its own (its own CSRF cookie) that votes through the form.
async function voter(t) {
  const context = await t.page.context().browser().newContext({ baseURL: new URL(t.page.url()).origin });
  const page = await context.newPage();
  return {
    async vote(choice) {
      await page.goto(`/polls/${QUESTION_ID}/`);
      await page.getByLabel(choice, { exact: true }).check();
      await page.getByRole('button', { name: 'Vote', exact: true }).click();
      await page.waitForURL((url) => url.pathname === RESULTS);
    },
    close: () => context.close(),
  };
}

async function live(t) {
  const page = t.page;
  let names;
  let other;
  // Every navigation of the viewer's page once it is open; a live update must not add one.
  const navigations = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });

  await t.step('the results page opens with empty bars and connects to the live counts', async () => {
    await t.visit(RESULTS);
    names = (await shown(page)).choices.map((c) => c.text.replace(/ -- .*$/, ''));
    expectEqual(names.length, 3, 'choices on the results page');
    await expectShown(page, { choices: names.map((n) => row(n, 0, 0, false)), total: '0 votes' }, 'before any vote');
    await page.locator('.live-status', { hasText: 'Live:' }).waitFor({ timeout: UPDATE_TIMEOUT_MS });
    // Marks this document: a reload or a navigation would lose it. Navigations count from here.
    await page.evaluate(() => { window.pollsSameDocument = true; });
    navigations.length = 0;
    await t.shot('live-01-before');
  });
  await t.step('a vote from another browser moves the bars on the open page', async () => {
    other = await voter(t);
    await other.vote(names[1]);
    await expectShown(page, {
      choices: [row(names[0], 0, 0, false), row(names[1], 1, 100, true), row(names[2], 0, 0, false)],
      total: '1 vote',
    }, 'after one vote for the second choice');
    await t.shot('live-02-one-vote');
  });
  await t.step('more votes: a tie leads twice, then the first choice alone, rounded half up', async () => {
    await other.vote(names[0]);
    await expectShown(page, {
      choices: [row(names[0], 1, 50, true), row(names[1], 1, 50, true), row(names[2], 0, 0, false)],
      total: '2 votes',
    }, 'after a vote for the first choice (a tie)');
    await other.vote(names[0]);
    await expectShown(page, {
      choices: [row(names[0], 2, 67, true), row(names[1], 1, 33, false), row(names[2], 0, 0, false)],
      total: '3 votes',
    }, 'after a second vote for the first choice (2 of 3 rounds up to 67%)');
    await other.vote(names[2]);
    await expectShown(page, {
      choices: [row(names[0], 2, 50, true), row(names[1], 1, 25, false), row(names[2], 1, 25, false)],
      total: '4 votes',
    }, 'after a vote for the third choice');
    await t.shot('live-03-after');
  });
  await t.step('the page was updated in place: no reload, no navigation', async () => {
    expectEqual(await page.evaluate(() => window.pollsSameDocument === true), true, 'the same document');
    expectEqual(JSON.stringify(navigations), '[]', 'navigations of the viewer page after it opened');
    expectEqual(new URL(page.url()).pathname, RESULTS, 'the viewer page');
  });
  await t.step('a reload shows the same numbers as the live page', async () => {
    const before = await shown(page);
    await t.visit(RESULTS);
    expectEqual(JSON.stringify(await shown(page)), JSON.stringify(before), 'the reloaded page');
    await page.locator('.live-status', { hasText: 'Live:' }).waitFor({ timeout: UPDATE_TIMEOUT_MS });
  });
  await t.step('on a 390 px phone the chart fits without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await t.expectNoHorizontalOverflow('the results page');
    await t.shot('live-04-phone');
  });
  await t.step('a page whose choices are not the stream\'s reloads itself to show them', async () => {
    // As if a choice had been added since the page was drawn: the page lists one fewer.
    await page.evaluate(() => document.querySelector('ul.results li[data-choice]').remove());
    const reloaded = page.waitForEvent('load', { timeout: UPDATE_TIMEOUT_MS });
    await other.vote(names[1]);
    await reloaded;
    await expectShown(page, {
      choices: [row(names[0], 2, 40, true), row(names[1], 2, 40, true), row(names[2], 1, 20, false)],
      total: '5 votes',
    }, 'the reloaded page');
  });
  await t.step('a stream refused for want of room (503) is tried again later, then goes live', async () => {
    const events = `/polls/${QUESTION_ID}/events/`;
    t.allow(503, events);
    let refused = 0;
    await page.route(`**${events}`, (route) => {
      if (refused++ > 0) return route.continue();
      return route.fulfill({ status: 503, headers: { 'Retry-After': '30' }, contentType: 'text/html', body: '' });
    });
    // The page's timers on a clock this test can move: the script waits 15 to 30 s to try again.
    await page.clock.install();
    await t.visit(RESULTS);
    await page.locator('.live-status', { hasText: 'Live updates paused' }).waitFor({ timeout: UPDATE_TIMEOUT_MS });
    await t.shot('live-05-refused');
    await page.clock.runFor(30_000);
    await page.locator('.live-status', { hasText: 'Live:' }).waitFor({ timeout: UPDATE_TIMEOUT_MS });
    expectEqual(refused, 2, 'requests for the stream (refused, then tried again)');
    await other.vote(names[2]);
    await expectShown(page, {
      choices: [row(names[0], 2, 33, true), row(names[1], 2, 33, true), row(names[2], 2, 33, true)],
      total: '6 votes',
    }, 'after the stream was tried again and a vote arrived');
    await other.close();
  });
}

const scenarios = {
  live: [{}, live],
};
const name = process.argv[2];
if (!(name in scenarios)) {
  console.error(`usage: node results.mjs ${Object.keys(scenarios).join('|')}`);
  process.exit(2);
}
const [options, body] = scenarios[name];
process.exitCode = (await runScenario(name, options, body)) ? 0 : 1;
