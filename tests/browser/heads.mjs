// Journey 2: the head of jurisdiction and the heads of court review requests (filtered, sorted, with
// the magistrate's history), give opinions one by one and several at once, read the court's
// compliance and the notice of an unjustified withdrawal, and adopt the court's plan.
import { assert, expectStatus, expectText, fixtures, login, logout, look, menu, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  step('the head of jurisdiction lands on the requests to review');
  await login(page, 'chef-juridiction@demo.magistra.fr');
  await page.getByRole('heading', { name: 'Avis à donner' }).waitFor();
  const requests = page.getByTestId('request');
  await requests.first().waitFor();
  const count = await requests.count();
  assert(count === fixtures.applicants.length, `${count} requests shown, ${fixtures.applicants.length} expected`);
  await requests.first().getByTestId('observation-deadline').filter({ hasText: /^Observations jusqu’au .* \(art\. 130\)$/ }).waitFor();
  await look(page, 'chef-juridiction-avis');

  step('filter and sort');
  const one = fixtures.applicants[0];
  await page.getByLabel('Filtrer (magistrat, action)').fill(one);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="request"]')].filter((e) => e.style.display !== 'none').length === 1);
  await page.getByLabel('Filtrer (magistrat, action)').fill('');
  await page.getByLabel('Trier par').selectOption('name');
  const names = await requests.locator('label strong').allTextContents();
  const sorted = [...names].sort((a, b) => a.localeCompare(b, 'fr'));
  assert(JSON.stringify(names) === JSON.stringify(sorted), `sorted by name: ${names.join(', ')}`);

  step('the magistrate’s history beside the request');
  const request = requests.filter({ hasText: one });
  await request.getByRole('button', { name: 'Historique de formation' }).click();
  await request.getByText(/comptés/).waitFor();

  step('an opinion on one request');
  await request.getByLabel('Avis', { exact: true }).selectOption('FAVORABLE');
  await request.getByLabel('Commentaire').fill('Formation utile à ses fonctions.');
  await request.getByRole('button', { name: `Donner l’avis sur la demande de ${one}` }).click();
  await expectStatus(page, 'Votre avis est enregistré.');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="request"]').length === n, count - 1);

  step('the same opinion on all the others at once');
  await page.getByLabel('Tout cocher').check();
  await page.getByLabel('Avis pour les demandes cochées').selectOption('RESERVED');
  await page.getByRole('button', { name: `Donner cet avis aux ${count - 1} demandes` }).click();
  await expectStatus(page, `Avis enregistré pour ${count - 1} demandes.`);
  await expectText(page, 'Aucune demande n’attend votre avis.');
  await look(page, 'chef-juridiction-avis-fait');
  await logout(page);

  step('the head of court gives the court-level opinion');
  await login(page, 'chef-cour@demo.magistra.fr');
  await menu(page, 'Avis à donner');
  await page.getByTestId('request').first().waitFor();
  await page.getByText('Chef de juridiction : Favorable').first().waitFor();
  await page.getByLabel('Tout cocher').check();
  await page.getByRole('button', { name: /Donner cet avis aux \d+ demandes/ }).click();
  await expectText(page, 'Aucune demande n’attend votre avis.');

  step('the court’s compliance');
  await menu(page, 'Conformité');
  await page.getByText('Magistrats du ressort').waitFor();
  await look(page, 'chef-cour-conformite');

  step('the notice of an unjustified withdrawal');
  await page.getByRole('link', { name: /Notifications/ }).click();
  await expectText(page, `Désistement sans motif sérieux : ${fixtures.withdrawn}`);
  await look(page, 'chef-cour-notifications');

  step('both heads adopt the plan after the council’s opinion (art. 137)');
  await menu(page, 'Plan déconcentré');
  await page.getByTestId('plan-status').filter({ hasText: 'Avis du conseil recueilli' }).waitFor();
  await expectText(page, fixtures.action);
  await expectText(page, 'Avis du conseil du');
  await look(page, 'chef-cour-plan');
  await page.getByRole('button', { name: 'Arrêter le plan' }).click();
  await expectStatus(page, 'Votre arrêté est enregistré');
  await page.getByTestId('plan-next-step').filter({ hasText: 'L’arrêté de' }).waitFor();
  await logout(page);
  await login(page, 'chef-cour-parquet@demo.magistra.fr');
  await menu(page, 'Plan déconcentré');
  await page.getByRole('button', { name: 'Arrêter le plan' }).click();
  await page.getByTestId('plan-status').filter({ hasText: 'Arrêté par les chefs de cour' }).waitFor();
  await page.getByTestId('plan-next-step').filter({ hasText: 'Transmission à l’École' }).waitFor();
}
