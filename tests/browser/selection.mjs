// Issue 17: the director runs a national selection proposal, reads a magistrate's explanation,
// forces a place with a reason and runs it again, then adopts it; the magistrate reads « Pourquoi ? »
// in « Mes vœux »; anyone reads the published rules without signing in.
import { assert, expectStatus, fixtures, login, logout, look, menu, newPage, step, base } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  step('the director’s « Sélection nationale »');
  await login(page, 'directeur@demo.magistra.fr');
  await menu(page, 'Sélection nationale');
  await page.getByRole('heading', { level: 1, name: 'Sélection nationale' }).waitFor();
  await page.getByText('Aucune proposition pour cette année.').waitFor();
  await page.getByText(/Tirage engagé le/).waitFor();
  await look(page, 'selection-nationale');

  step('a first proposal, with the School’s default order');
  await page.getByRole('button', { name: 'Établir la proposition' }).click();
  await page.getByRole('heading', { level: 1, name: /^Proposition n° \d+ — 2027$/ }).waitFor();
  await page.getByRole('link', { name: fixtures.title }).waitFor();
  await page.getByText('Premier vœu obtenu').waitFor();
  step('the explanation of one magistrate');
  await page.getByLabel('N° du magistrat').fill(String(fixtures.magistrate));
  await page.getByRole('button', { name: 'Lire l’explication' }).click();
  await page.locator('.explanation').getByText(`Vœu n° 1 — « ${fixtures.title} »`).waitFor();
  await look(page, 'proposition');

  step('a place forced with its reason; a missing reason is refused first, nothing lost');
  await page.getByRole('link', { name: '← Sélection nationale' }).click();
  await page.getByRole('button', { name: 'Ajouter un ajustement' }).click();
  await page.getByLabel('Nature').selectOption('FORCE');
  step('the action found by words of its title, the magistrate chosen among its applicants');
  await page.getByLabel('Action (mots du titre, code ou n°)').fill('intelligence artif');
  await page.getByRole('button', { name: `Choisir « ${fixtures.title} »` }).click();
  await page.getByText(`Action n° ${fixtures.session}`, { exact: true }).waitFor();
  const magistrate = page.getByLabel('Magistrat', { exact: true });
  await magistrate.locator(`option[value="${fixtures.other}"]`).waitFor({ state: 'attached' });
  await magistrate.selectOption(String(fixtures.other));
  await look(page, 'ajustement');
  await page.getByRole('button', { name: 'Établir la proposition' }).click();
  await page.getByRole('alert').filter({ hasText: 'indiquez l’action et le motif' }).waitFor();
  assert((await page.getByLabel('Action (mots du titre, code ou n°)').inputValue()).includes(`n° ${fixtures.session}`), 'the action is kept');
  assert((await magistrate.inputValue()) === String(fixtures.other), 'the magistrate is kept');
  await page.getByLabel('Motif').fill('Nécessité de service');
  await page.getByRole('button', { name: 'Établir la proposition' }).click();
  await page.getByText(/Place imposée — action n° \d+, magistrat n° \d+ : Nécessité de service/).waitFor();

  step('adopted after confirmation');
  await page.getByRole('button', { name: 'Adopter la proposition' }).click();
  await page.getByRole('alert').filter({ hasText: 'confirmation' }).waitFor();
  await page.getByLabel('J’ai examiné cette proposition et je l’adopte.').check();
  await page.getByRole('button', { name: 'Adopter la proposition' }).click();
  await expectStatus(page, 'Proposition adoptée');
  await page.getByText(/Adoptée le/).waitFor();
  await logout(page);

  step('the magistrate reads « Pourquoi ? »');
  await login(page, 'magistrat@demo.magistra.fr');
  await menu(page, 'Mes vœux');
  await page.getByRole('button', { name: `Pourquoi cette décision pour « ${fixtures.title} » ?` }).click();
  await page.locator('.explanation').getByText('traitement algorithmique').first().waitFor();
  await page.locator('.explanation').getByText(`Vœu n° 1 — « ${fixtures.title} »`).waitFor();
  await look(page, 'pourquoi');

  step('the published rules, without signing in');
  await logout(page);
  await page.goto(base + '/regles-de-selection');
  await page.getByRole('heading', { level: 1, name: 'Règles de sélection des participants aux actions nationales' }).waitFor();
  await page.getByText('2027 : engagement du').waitFor();
  await look(page, 'regles-de-selection');
}
