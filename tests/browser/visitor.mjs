// The programme is public (art. 129): someone not logged in reads the published actions with their
// dates, places and places left, and is asked to log in only to apply; once logged in, a Lyon
// magistrate's programme opens on the national offer and Lyon's own actions, not Agen's.
import { assert, base, expectText, fixtures, look, newPage, PASSWORD, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);

  step('the public programme, without logging in');
  await page.goto(`${base}/programme`);
  await page.getByRole('heading', { name: 'Programme de formation continue' }).waitFor();
  await page.getByRole('link', { name: fixtures.national, exact: true }).waitFor();
  await page.getByRole('link', { name: fixtures.agen, exact: true }).waitFor();
  assert(page.url().endsWith('/programme'), `stays on the programme, not ${page.url()}`);
  assert((await page.getByRole('navigation', { name: 'Menu principal' }).count()) === 0, 'no personal menu');
  await look(page, 'visitor-programme');

  step('an action, and a login asked only to apply');
  await page.getByRole('link', { name: fixtures.national, exact: true }).click();
  await page.getByRole('heading', { name: fixtures.national, exact: true }).waitFor();
  await expectText(page, 'Du lundi 14 juin 2027 au mercredi 16 juin 2027');
  await expectText(page, '20 libres sur 20');
  assert((await page.getByLabel('Rang de préférence').count()) === 0, 'no application form for a visitor');
  await look(page, 'visitor-session');
  await page.getByRole('link', { name: 'Se connecter pour candidater' }).click();
  await page.waitForURL(/\/connexion/);
  await page.getByLabel('Adresse électronique').fill('magistrat@demo.magistra.fr');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Rang de préférence').waitFor();
  assert(page.url().includes(`/sessions/${fixtures.nationalId}`), `back on the action, not ${page.url()}`);
  step('back on the action, logged in, with the application form');

  step('the magistrate’s programme: the national offer and Lyon’s, not Agen’s');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Programme', exact: true }).click();
  await page.getByRole('link', { name: fixtures.lyon, exact: true }).waitFor();
  await page.getByRole('link', { name: fixtures.national, exact: true }).waitFor();
  assert((await page.getByRole('link', { name: fixtures.agen, exact: true }).count()) === 0, 'Agen’s action is not offered');
  const offer = await page.getByLabel('Offre').inputValue();
  assert(offer === 'OFFER', `the offer filter opens on the magistrate's offer, not ${offer}`);
  await page.getByLabel('Offre').selectOption('');
  await page.getByRole('link', { name: fixtures.agen, exact: true }).waitFor();
  step('every court’s actions remain one choice away');
}
