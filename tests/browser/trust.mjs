// A poll people can trust, in a real browser (Debian's Chromium):
//
//   node trust.mjs once     on a "once per browser" poll: the question page shows its share link
//                           and a QR code that a scanner (zbarimg, from Debian's zbar-tools)
//                           reads back as exactly that link; a vote counts; the same person
//                           voting again from a page they left open gets "You already voted for
//                           …" and nothing changes; the question page then says what they chose
//   node trust.mjs close    after `once`: staff sign in, see the poll open on its change page,
//                           press "Close poll now", and the public page then says when it closed,
//                           offers no form, and keeps its results
//
// Run by tests/scripts/test_browser.sh, which starts polls and seeds the question; it passes
// BROWSER_TEST_URL, BROWSER_TEST_OUTPUT_DIR (screenshots) and BROWSER_TEST_TRUST_QUESTION (the id
// of a once-per-browser question with the choices Tea and Coffee, no votes).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { expect, expectEqual, runScenario, setting } from './harness.mjs';

const QUESTION_ID = setting('BROWSER_TEST_TRUST_QUESTION');
const DETAIL = `/polls/${QUESTION_ID}/`;

// What a phone camera would read from the QR code as drawn on the page.
async function scanQrCode(t, file) {
  const path = join(t.outDir, file);
  await t.page.locator('svg.qr-code').screenshot({ path });
  return execFileSync('zbarimg', ['--raw', '-q', path], { encoding: 'utf8' }).replace(/\n$/, '');
}

async function once(t) {
  const link = `${new URL(setting('BROWSER_TEST_URL')).origin}${DETAIL}`;
  await t.step('the question page shows its share link, and its QR code reads back as the link', async () => {
    await t.visit(DETAIL);
    expectEqual((await t.page.locator('a.share-link').textContent()).trim(), link, 'share link');
    expectEqual(await t.page.locator('a.share-link').getAttribute('href'), link, 'share link href');
    expectEqual(await t.page.locator('svg.qr-code title').textContent(), `QR code of ${link}`, 'QR title');
    expectEqual(await scanQrCode(t, 'trust-qr.png'), link, 'what zbarimg reads from the QR code');
    await t.shot('trust-01-question');
  });
  // A second tab on the same poll, left open with its form: the "try again" of a real person.
  const stale = await t.page.context().newPage();
  await stale.goto(DETAIL);
  await t.step('a vote counts and shows the results, without "Vote again?"', async () => {
    await t.page.getByLabel('Tea', { exact: true }).check();
    await t.page.getByRole('button', { name: 'Vote' }).click();
    await t.expectPath(`/polls/${QUESTION_ID}/results/`, 'voting');
    const tea = (await t.page.locator('li.result', { hasText: 'Tea' }).locator('.result-votes').textContent()).trim();
    expectEqual(tea, '1 vote', 'Tea on the results page');
    expectEqual(await t.page.getByText('Vote again?').count(), 0, '"Vote again?" links');
    await t.shot('trust-02-voted');
  });
  await t.step('voting again from the tab left open says "You already voted" and counts nothing', async () => {
    t.allow(409, `/polls/${QUESTION_ID}/vote/`);
    await stale.getByLabel('Coffee', { exact: true }).check();
    const [response] = await Promise.all([
      stale.waitForResponse((r) => r.url().endsWith(`/polls/${QUESTION_ID}/vote/`)),
      stale.getByRole('button', { name: 'Vote' }).click(),
    ]);
    expectEqual(response.status(), 409, 'status of the second vote');
    await stale.waitForLoadState();
    expectEqual((await stale.locator('h1').textContent()).trim(), 'You already voted', 'heading');
    const alert = (await stale.getByRole('alert').textContent()).trim();
    expect(alert.startsWith('You already voted for “Tea”.'), `the message says the first choice: ${alert}`);
    await stale.screenshot({ path: join(t.outDir, 'trust-03-already-voted.png'), fullPage: true });
    await stale.close();
  });
  await t.step('the question page now says what they chose instead of the form; the counts stand', async () => {
    await t.visit(DETAIL);
    expect((await t.page.locator('main, body').first().textContent()).includes('You voted for “Tea”.'),
      'the question page names the vote');
    expectEqual(await t.page.locator('input[name="choice"]').count(), 0, 'choice inputs');
    await t.visit(`/polls/${QUESTION_ID}/results/`);
    expectEqual((await t.page.locator('.total-votes').textContent()).trim(), '1 vote', 'total');
    await t.shot('trust-04-after');
  });
}

async function close(t) {
  const change = `/admin/polls/question/${QUESTION_ID}/change/`;
  await t.step('staff sign in and see the poll open on its change page', async () => {
    await t.visit(`/admin/login/?next=${encodeURIComponent(change)}`);
    await t.page.locator('#id_username').fill('closer');
    await t.page.locator('#id_password').fill(setting('BROWSER_TEST_PASSWORD'));
    await t.page.getByRole('button', { name: 'Log in', exact: true }).click();
    await t.expectPath(change, 'logging in');
    expectEqual((await t.page.locator('.poll-state strong').textContent()).trim(), 'Open', 'poll status');
    await t.shot('trust-05-admin-open');
  });
  await t.step('"Close poll now" closes it and says so', async () => {
    await t.page.getByRole('button', { name: 'Close poll now' }).click();
    await t.expectPath(change, 'closing');
    expect((await t.page.locator('body').textContent()).includes('The poll “Tea or coffee?” was closed.'),
      'the message after closing');
    expectEqual((await t.page.locator('.poll-state strong').textContent()).trim(), 'Closed on', 'poll status');
    expectEqual(await t.page.getByRole('button', { name: 'Close poll now' }).count(), 0, 'close buttons');
    await t.shot('trust-06-admin-closed');
  });
  await t.step('the public page says the poll closed, offers no form, and keeps its results', async () => {
    await t.visit(DETAIL);
    const text = await t.page.locator('body').textContent();
    expect(text.includes('This poll closed on'), `the question page says it closed: ${text}`);
    expectEqual(await t.page.locator('input[name="choice"]').count(), 0, 'choice inputs');
    await t.visit(`/polls/${QUESTION_ID}/results/`);
    expectEqual((await t.page.locator('.total-votes').textContent()).trim(), '1 vote', 'total');
    await t.shot('trust-07-closed');
  });
}

const scenarios = {
  once: [{}, once],
  close: [{}, close],
};
const name = process.argv[2];
if (!(name in scenarios)) {
  console.error(`usage: node trust.mjs ${Object.keys(scenarios).join('|')}`);
  process.exit(2);
}
const [options, body] = scenarios[name];
process.exitCode = (await runScenario(name, options, body)) ? 0 : 1;
