// The enrolment journey with the keyboard alone (no mouse event at all), then the same programme on
// a phone-sized screen, and a login that expires: the person logs in again and is back where they were.
import { assert, base, expectStatus, expectText, fixtures, look, newPage, PASSWORD, step } from './lib.mjs';

/// Presses Tab until the focused element matches `matches` (a function run in the page).
async function tabTo(page, description, matches, argument = null, limit = 200) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches, argument)) {
      return;
    }
  }
  throw new Error(`could not reach ${description} with Tab`);
}

const focusedLabel = () => {
  const el = document.activeElement;
  return el && el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '';
};

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  await page.addInitScript(() => {
    for (const type of ['mousedown', 'mouseup', 'click']) {
      window.addEventListener(type, (event) => {
        // A click the keyboard synthesises (Enter on a link or button) has no pointer position.
        if (event.isTrusted && event.detail > 0) {
          window.__mouseUsed = true;
        }
      }, true);
    }
  });

  step('log in with the keyboard');
  await page.goto(`${base}/`);
  await page.waitForURL(/\/connexion/);
  await tabTo(page, 'the e-mail field', () => document.activeElement?.id === 'email');
  await page.keyboard.type('magistrat@demo.magistra.fr');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/programme/);

  step('search the programme');
  await page.getByRole('heading', { name: 'Programme de formation continue' }).waitFor();
  await tabTo(page, 'the search field', () => document.activeElement?.id === 'search');
  await page.keyboard.type('mineurs');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: fixtures.first, exact: true }).waitFor();
  await tabTo(page, 'the session link', (title) => document.activeElement?.textContent === title, fixtures.first);
  await page.keyboard.press('Enter');

  step('apply with the keyboard');
  await page.getByRole('heading', { name: fixtures.first, exact: true }).waitFor();
  await tabTo(page, 'the rank field', () => document.activeElement?.id === 'rank');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Tab');
  assert((await page.evaluate(focusedLabel)) === 'Motivation (facultative)', 'Tab goes from the rank to the motivation');
  await page.keyboard.type('Au cœur de mes fonctions.');
  await page.keyboard.press('Tab');
  assert((await page.evaluate(() => document.activeElement?.textContent)) === 'Présenter ma candidature', 'then to the button');
  await page.keyboard.press('Enter');
  await expectText(page, 'Vous avez demandé cette action en vœu n° 1');
  await tabTo(page, 'the link to my wishes', () => document.activeElement?.textContent === 'Voir mes vœux');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Mes vœux' }).waitFor();
  await page.getByTestId('wish').filter({ hasText: fixtures.first }).waitFor();
  assert(!(await page.evaluate(() => window.__mouseUsed === true)), 'no mouse event was needed');
  await look(page, 'clavier-voeux');

  step('the programme on a phone-sized screen');
  const phone = await newPage(browser, { phone: true });
  track(phone);
  await phone.goto(`${base}/connexion`);
  await phone.getByLabel('Adresse électronique').fill('magistrat@demo.magistra.fr');
  await phone.getByLabel('Mot de passe').fill(PASSWORD);
  await phone.getByRole('button', { name: 'Se connecter' }).click();
  await phone.getByRole('link', { name: fixtures.first, exact: true }).first().waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await look(phone, 'telephone-programme');

  step('an expired login brings the person back where they were');
  await page.evaluate(() => localStorage.setItem('magistra.jeton', 'expire.depuis.longtemps'));
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Ma fiche-formation' }).click();
  await page.waitForURL(/\/connexion\?suite=%2Fma-fiche/);
  await expectStatus(page, 'Votre session a expiré');
  await look(page, 'session-expiree');
  await page.getByLabel('Adresse électronique').fill('magistrat@demo.magistra.fr');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/ma-fiche$/);
  await page.getByRole('heading', { name: 'Ma fiche-formation' }).waitFor();
}
