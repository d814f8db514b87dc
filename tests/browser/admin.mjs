// polls' admin in a real browser (Debian's Chromium), as a person uses it:
//
//   node admin.mjs journey    log in, add a question with three choices, find it on /polls/,
//                             vote, see the result, delete it, change the password, log out
//   node admin.mjs phone      the same pages on a 390x844 phone: nothing scrolls sideways
//   node admin.mjs keyboard   log in and use the form's shortcuts with the keyboard alone
//
// Run by tests/scripts/test_browser.sh, which starts polls and makes the users; it passes
// BROWSER_TEST_URL, BROWSER_TEST_OUTPUT_DIR (screenshots) and BROWSER_TEST_PASSWORD (each user's).
import { expect, expectEqual, runScenario, setting } from './harness.mjs';

const PASSWORD = setting('BROWSER_TEST_PASSWORD');
const NEW_PASSWORD = 'a-new-and-longer-passphrase-7';
const QUESTION = 'Which café drink & snack wins?';
const CHOICES = ['Espresso', 'Flat white', 'Tea & toast'];
const PHONE_QUESTION = 'Does the admin fit a phone?';

// The site's time zone (polls --time-zone), in which Today and Now must fill the fields.
const SITE_TZ = process.env.BROWSER_TEST_SITE_TZ || 'America/Los_Angeles';
const utcDate = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: SITE_TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());

async function logIn(t, username, password) {
  await t.page.locator('#id_username').fill(username);
  await t.page.locator('#id_password').fill(password);
  await t.page.getByRole('button', { name: 'Log in', exact: true }).click();
}

// Fills the add form: question, Today and Now (the JavaScript shortcuts), three choices.
async function fillQuestion(t, text) {
  const page = t.page;
  await page.locator('#id_question_text').fill(text);
  const before = utcDate();
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  await page.getByRole('button', { name: 'Now', exact: true }).click();
  const after = utcDate();
  const date = await page.locator('#id_pub_date_0').inputValue();
  const time = await page.locator('#id_pub_date_1').inputValue();
  expect(date === before || date === after, `the Today button filled [${date}], expected ${before} (${SITE_TZ})`);
  expect(/^\d\d:\d\d:\d\d$/.test(time), `the Now button filled [${time}], expected HH:MM:SS`);
  for (const [i, choice] of CHOICES.entries()) {
    await page.locator(`#id_choice_set-${i}-choice_text`).fill(choice);
  }
}

// The id in /admin/polls/question/ID/change/.
function questionId(t) {
  const match = /^\/admin\/polls\/question\/(\d+)\/change\/$/.exec(new URL(t.page.url()).pathname);
  expect(match, `expected a change page, on ${t.path()}`);
  return match[1];
}

async function journey(t) {
  const page = t.page;
  let id;

  await t.step('the admin asks for a login first', async () => {
    await t.visit('/admin/');
    await t.expectPath('/admin/login/', 'GET /admin/ logged out');
    await t.expectHeading('Log in to polls administration');
    await t.shot('01-login');
  });
  await t.step('a wrong password is refused with a message', async () => {
    await logIn(t, 'admin', 'not-the-password');
    await t.expectPath('/admin/login/', 'a wrong password');
    const error = await page.locator('.errornote[role=alert]').textContent();
    expect(/correct username and password/.test(error ?? ''), `login error reads [${error}]`);
    await t.shot('02-login-refused');
  });
  await t.step('the superuser logs in and lands on the admin home', async () => {
    await logIn(t, 'admin', PASSWORD);
    await t.expectPath('/admin/', 'logging in');
    await t.expectHeading('Site administration');
    const welcome = await page.locator('header .account').textContent();
    expect(welcome.includes('Welcome, admin.'), `header reads [${welcome.trim()}]`);
    await t.shot('03-home');
  });
  await t.step('the question list opens from the home page, empty', async () => {
    await page.getByRole('link', { name: 'Questions', exact: true }).click();
    await t.expectPath('/admin/polls/question/', 'clicking Questions');
    await t.expectHeading('Select question to change');
    expectEqual((await page.locator('p.count').textContent()).trim(), '0 questions', 'count');
    await t.shot('04-question-list-empty');
  });
  await t.step('the add form opens from the home page, with Today and Now buttons', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('link', { name: 'Add question', exact: true }).click();
    await t.expectPath('/admin/polls/question/add/', 'clicking Add on the home page');
    await t.expectHeading('Add question');
    expectEqual(await page.locator('input[name$="-choice_text"]').count(), 3, 'empty choice rows');
    expectEqual(await page.locator('button.shortcut').count(), 2, 'shortcut buttons (shortcuts.js)');
    await t.shot('05-add-question-empty');
  });
  await t.step('a question with three choices is saved', async () => {
    await fillQuestion(t, QUESTION);
    await t.shot('06-add-question-filled');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await t.expectPath('/admin/polls/question/', 'Save');
    await t.expectMessage(`The question “${QUESTION}” was added successfully.`);
    expectEqual((await page.locator('p.count').textContent()).trim(), '1 question', 'count');
    await t.shot('07-question-added');
  });
  await t.step('the search box finds it', async () => {
    await page.locator('#searchbar').fill('café drink');
    await page.locator('#searchbar').press('Enter');
    await page.waitForURL(/[?&]q=/);
    const links = await page.locator('tbody th a').allTextContents();
    expectEqual(JSON.stringify(links), JSON.stringify([QUESTION]), 'questions found by "café drink"');
    await t.shot('08-search');
  });
  await t.step('its change page shows what was saved', async () => {
    await page.getByRole('link', { name: QUESTION, exact: true }).click();
    id = questionId(t);
    await t.expectHeading('Change question');
    expectEqual(await page.locator('#id_question_text').inputValue(), QUESTION, 'question text');
    for (const [i, choice] of CHOICES.entries()) {
      expectEqual(await page.locator(`#id_choice_set-${i}-choice_text`).inputValue(), choice, `choice ${i + 1}`);
      expectEqual(await page.locator(`#id_choice_set-${i}-votes`).inputValue(), '0', `votes of choice ${i + 1}`);
    }
    await t.shot('09-change-question');
  });
  await t.step('the question is published on /polls/', async () => {
    await t.visit('/polls/');
    await t.shot('10-polls-index');
    await page.getByRole('link', { name: QUESTION, exact: true }).click();
    await t.expectPath(`/polls/${id}/`, 'clicking the question on /polls/');
    const labels = (await page.locator('label').allTextContents()).map((s) => s.trim());
    expectEqual(JSON.stringify(labels), JSON.stringify(CHOICES), 'choices on the detail page');
  });
  await t.step('a vote for the second choice is counted', async () => {
    await page.getByLabel(CHOICES[1], { exact: true }).check();
    await t.shot('11-poll-detail');
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await t.expectPath(`/polls/${id}/results/`, 'voting');
    const results = (await page.locator('ul.results li .result-text').allTextContents()).map((s) => s.trim());
    const expected = [`${CHOICES[0]} -- 0 votes`, `${CHOICES[1]} -- 1 vote`, `${CHOICES[2]} -- 0 votes`];
    expectEqual(JSON.stringify(results), JSON.stringify(expected), 'results');
    await t.shot('12-poll-results');
  });
  await t.step('the admin shows the vote, then deletes the question after a confirmation', async () => {
    await t.visit(`/admin/polls/question/${id}/change/`);
    expectEqual(await page.locator('#id_choice_set-1-votes').inputValue(), '1', 'votes of choice 2 in the admin');
    await page.getByRole('link', { name: 'Delete', exact: true }).click();
    await t.expectPath(`/admin/polls/question/${id}/delete/`, 'clicking Delete');
    await t.expectHeading('Are you sure?');
    const text = await page.locator('main').textContent();
    expect(text.includes(`Are you sure you want to delete the question “${QUESTION}”?`), `confirmation reads [${text.trim()}]`);
    const items = (await page.locator('main li').allTextContents()).map((s) => s.trim());
    expectEqual(JSON.stringify(items), JSON.stringify(CHOICES.map((c) => `Choice: ${c}`)), 'choices to be deleted');
    await t.shot('13-delete-confirmation');
    await page.getByRole('button', { name: 'Yes, I’m sure', exact: true }).click();
    await t.expectPath('/admin/polls/question/', 'confirming the deletion');
    await t.expectMessage(`The question “${QUESTION}” was deleted successfully.`);
    expectEqual(await page.getByRole('link', { name: QUESTION }).count(), 0, 'links to the deleted question');
    await t.shot('14-question-deleted');
  });
  await t.step('the deleted question is gone from the site and the admin', async () => {
    await t.visit('/polls/');
    expectEqual(await page.getByRole('link', { name: QUESTION }).count(), 0, 'links to it on /polls/');
    t.allow(404, `/polls/${id}/`);
    await t.visit(`/polls/${id}/`, 404);
    await t.visit(`/admin/polls/question/${id}/change/`);
    await t.expectPath('/admin/', 'opening the deleted question in the admin');
    await t.expectMessage(`Question with ID “${id}” doesn’t exist. Perhaps it was deleted?`);
    const actions = (await page.locator('ul.actions li').allTextContents()).map((s) => s.replace(/\s+\(.*/s, '').trim());
    expectEqual(JSON.stringify(actions), JSON.stringify([`Deleted: ${QUESTION}`, `Added: ${QUESTION}`]), 'My actions');
  });
  await t.step('the password is changed and the session stays logged in', async () => {
    await page.getByRole('link', { name: 'Change password', exact: true }).click();
    await t.expectPath('/admin/password_change/', 'clicking Change password');
    await t.expectHeading('Password change');
    await t.shot('15-password-change');
    await page.locator('#id_old_password').fill(PASSWORD);
    await page.locator('#id_new_password1').fill(NEW_PASSWORD);
    await page.locator('#id_new_password2').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change my password', exact: true }).click();
    await t.expectPath('/admin/password_change/done/', 'changing the password');
    await t.expectHeading('Password change successful');
    const header = await page.locator('header').textContent();
    expect(header.includes('Welcome, admin.'), `still logged in after the change; header reads [${header.trim()}]`);
    await t.shot('16-password-changed');
  });
  await t.step('Log out ends the session', async () => {
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await t.expectHeading('Logged out');
    await t.shot('17-logged-out');
    await t.visit('/admin/');
    await t.expectPath('/admin/login/', 'GET /admin/ after logging out');
  });
  await t.step('only the new password logs in', async () => {
    await logIn(t, 'admin', PASSWORD);
    await t.expectPath('/admin/login/', 'the old password');
    await logIn(t, 'admin', NEW_PASSWORD);
    await t.expectPath('/admin/', 'the new password');
  });
}

// The admin on a phone: every page fits the screen's width (tables scroll inside their box).
async function phone(t) {
  const page = t.page;
  let id;
  const fits = async (shot, what) => {
    await t.shot(shot);
    await t.expectNoHorizontalOverflow(what);
  };

  await t.step('login page', async () => {
    await t.visit('/admin/login/');
    await fits('phone-01-login', 'the login page');
    await logIn(t, 'phone', PASSWORD);
    await t.expectPath('/admin/', 'logging in');
  });
  await t.step('home page', async () => fits('phone-02-home', 'the admin home'));
  await t.step('add form, empty and filled', async () => {
    await t.visit('/admin/polls/question/add/');
    await fits('phone-03-add-question-empty', 'the empty add form');
    await fillQuestion(t, PHONE_QUESTION);
    await fits('phone-04-add-question-filled', 'the filled add form');
    await page.getByRole('button', { name: 'Save and continue editing', exact: true }).click();
    id = questionId(t);
  });
  await t.step('change form', async () => fits('phone-05-change-question', 'the change form'));
  await t.step('question list', async () => {
    await t.visit('/admin/polls/question/');
    expectEqual(await page.getByRole('link', { name: PHONE_QUESTION, exact: true }).count(), 1, 'rows for its question');
    await fits('phone-06-question-list', 'the question list');
  });
  await t.step('delete confirmation', async () => {
    await t.visit(`/admin/polls/question/${id}/delete/`);
    await fits('phone-07-delete-confirmation', 'the delete confirmation');
  });
  await t.step('password change page', async () => {
    await t.visit('/admin/password_change/');
    await fits('phone-08-password-change', 'the password change page');
  });
}

// The keyboard alone: the login form, the skip link and the date and time shortcuts.
async function keyboard(t) {
  const page = t.page;
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.id || el.textContent.trim() : '';
  });

  await t.step('the login form is filled and sent with the keyboard', async () => {
    await t.visit('/admin/login/');
    expectEqual(await focused(), 'id_username', 'focus on arrival (autofocus)');
    await page.keyboard.type('keys');
    await page.keyboard.press('Tab');
    expectEqual(await focused(), 'id_password', 'focus after Tab from the username');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await t.expectPath('/admin/', 'pressing Enter in the password field');
  });
  await t.step('the first Tab shows the skip link, which jumps to the content', async () => {
    await page.keyboard.press('Tab');
    expectEqual(await focused(), 'Skip to content', 'focus after the first Tab');
    const box = await page.locator('a.skip').boundingBox();
    expect(box && box.x >= 0 && box.y >= 0, `the focused skip link is off screen: ${JSON.stringify(box)}`);
    await t.shot('keyboard-01-skip-link');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => document.querySelector('main').contains(document.activeElement));
    expect(inMain, `after the skip link, Tab went to [${await focused()}], outside <main>`);
  });
  await t.step('Today and Now are reached with Tab and pressed with Enter and Space', async () => {
    await t.visit('/admin/polls/question/add/');
    await page.locator('#id_pub_date_0').focus();
    await page.keyboard.press('Tab');
    expectEqual(await focused(), 'Today', 'focus after Tab from the date field');
    await page.keyboard.press('Enter');
    expectEqual(await page.locator('#id_pub_date_0').inputValue(), utcDate(), 'date after Enter on Today');
    await page.locator('#id_pub_date_1').focus();
    await page.keyboard.press('Tab');
    expectEqual(await focused(), 'Now', 'focus after Tab from the time field');
    await page.keyboard.press('Space');
    const time = await page.locator('#id_pub_date_1').inputValue();
    expect(/^\d\d:\d\d:\d\d$/.test(time), `time after Space on Now: [${time}]`);
    await t.shot('keyboard-02-shortcuts');
  });
}

const scenarios = {
  journey: [{}, journey],
  phone: [{ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, phone],
  keyboard: [{}, keyboard],
};
const name = process.argv[2];
if (!(name in scenarios)) {
  console.error(`usage: node admin.mjs ${Object.keys(scenarios).join('|')}`);
  process.exit(2);
}
const [options, body] = scenarios[name];
process.exitCode = (await runScenario(name, options, body)) ? 0 : 1;
