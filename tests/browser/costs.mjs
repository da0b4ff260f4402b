// Journey: what actions cost (art. 132, 139). The School adds a speaker to its trainers' directory
// and a rate to its scale of fees; the director sets the national budget; the School costs a
// national action (a fee at the scale, then its actual amount), records an agreement with an
// outside body, names the action's session director — who, told, proposes its programme with a
// speaker of the directory —, and reads its own dashboard move to the cent; the delegate costs the court's action, which commits the court's credits, and is
// refused beyond them.
import { assert, base, expectStatus, expectText, fixtures, login, logout, look, menu, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);

  step('the School’s trainers’ directory: a speaker added');
  await login(page, 'ecole@demo.magistra.fr');
  await menu(page, 'Formateurs');
  await page.getByRole('heading', { name: 'Annuaire des formateurs' }).waitFor();
  await page.getByRole('button', { name: 'Ajouter à l’annuaire' }).click();
  await page.getByRole('alert').filter({ hasText: 'Indiquez le nom' }).waitFor();
  await page.getByLabel('Nom et prénom').fill('Claire Fontaine');
  await page.getByLabel('Corps ou organisme').fill('Barreau de Lyon');
  await page.getByLabel('Expertise').fill('Droit de la famille, ordonnances de protection');
  await page.getByLabel('Courriel').fill('c.fontaine@avocats-lyon.fr');
  await page.getByRole('button', { name: 'Ajouter à l’annuaire' }).click();
  await expectStatus(page, 'Le formateur est ajouté à l’annuaire.');
  await page.getByTestId('trainer').filter({ hasText: 'Claire Fontaine' }).waitFor();
  await look(page, 'ecole-formateurs');

  step('the scale of fees of the year');
  await menu(page, 'Tableau de bord');
  await page.getByRole('link', { name: 'Budget national des actions de l’École' }).click();
  await page.getByRole('heading', { name: /Budget national \d{4} des actions de l’École/ }).waitFor();
  await page.getByLabel('Intervention').fill('Demi-journée d’intervention');
  await page.getByLabel('Tarif (€)').fill('300');
  await page.getByRole('button', { name: 'Enregistrer le tarif' }).click();
  await expectStatus(page, 'Le tarif est au barème.');
  await expectText(page, /Demi-journée d’intervention : 300,00\s€ par demi-journée/);
  await logout(page);

  step('the director sets the national budget');
  await login(page, 'directeur@demo.magistra.fr', { path: '/ecole/budget-national' });
  await page.getByLabel('Montant (€)').fill('10 000');
  await page.getByRole('button', { name: 'Fixer le budget' }).click();
  await expectStatus(page, 'Le budget national est fixé.');
  await page.getByTestId('national-remaining').filter({ hasText: /10\s000,00\s€/ }).waitFor();
  await look(page, 'ecole-budget-national');
  await logout(page);

  step('a national action costed: a fee at the scale, then what it actually cost');
  await login(page, 'ecole@demo.magistra.fr', { path: `/gestion/couts/${fixtures.nationalId}` });
  await page.getByRole('heading', { name: `Coûts — ${fixtures.nationalTitle}` }).waitFor();
  await page.getByLabel('Libellé').fill('Honoraires de Me Fontaine');
  await page.getByLabel('Tarif du barème').selectOption({ label: 'Demi-journée d’intervention — 300,00\u00a0€ par demi-journée' });
  await page.getByLabel('Unités').fill('2');
  await page.getByRole('button', { name: 'Ajouter la ligne' }).click();
  await expectStatus(page, 'La ligne est ajoutée et engagée.');
  await page.getByTestId('cost-line').filter({ hasText: /600,00\s€/ }).waitFor();
  await page.getByLabel('Montant réel de « Honoraires de Me Fontaine »').fill('580');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expectStatus(page, 'Le montant réel est enregistré.');
  await page.getByTestId('cost-line').filter({ hasText: /580,00\s€/ }).waitFor();
  await look(page, 'gestion-couts-nationale');

  step('an agreement with an outside body (art. 132)');
  await page.getByLabel('Organisme partenaire').fill('Centre hospitalier du Vinatier');
  await page.getByLabel('Objet', { exact: true }).fill('Interventions de psychiatres');
  await page.getByLabel('Montant (€)').fill('1 500');
  await page.getByLabel('Du', { exact: true }).fill('01/06/2027');
  await page.getByLabel('Au', { exact: true }).fill('30/06/2027');
  await page.getByRole('button', { name: 'Enregistrer la convention' }).click();
  await expectStatus(page, 'La convention est enregistrée.');
  await page.getByTestId('agreement').filter({ hasText: /Centre hospitalier du Vinatier — Interventions de psychiatres : 1\s500,00\s€/ }).waitFor();

  step('its session director named for the year (art. 132)');
  await page.getByRole('link', { name: 'Programme de l’action' }).click();
  await page.getByRole('heading', { name: `Programme — ${fixtures.nationalTitle}` }).waitFor();
  await page.getByRole('button', { name: 'Nommer' }).click();
  await page.getByRole('alert').filter({ hasText: 'Choisissez le directeur de session' }).waitFor();
  await page.getByLabel('Directeur de session', { exact: true }).selectOption({ label: fixtures.directorName });
  await page.getByRole('button', { name: 'Nommer' }).click();
  await expectStatus(page, 'Le directeur de session est nommé ; il en est informé.');
  await expectText(page, `Directeur de session : ${fixtures.directorName} (1re année, art. 132)`);
  await look(page, 'ecole-programme-directeur');
  await logout(page);

  step('the session director, told, proposes the programme and its speakers');
  await login(page, 'coordinateur@demo.magistra.fr');
  await page.getByRole('link', { name: /Notifications/ }).click();
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  await page.getByRole('listitem').filter({ hasText: `Direction de session : ${fixtures.nationalTitle}` }).getByRole('link', { name: 'Ouvrir' }).click();
  await page.getByRole('heading', { name: `Programme — ${fixtures.nationalTitle}` }).waitFor();
  await page.getByLabel('Intitulé de la séquence').fill('L’ordonnance de protection en pratique');
  await page.getByLabel('Claire Fontaine').check();
  await page.getByRole('button', { name: 'Ajouter la séquence' }).click();
  await page.getByRole('button', { name: 'Enregistrer le programme' }).click();
  await expectStatus(page, 'Le programme est enregistré.');
  await page.getByRole('cell', { name: 'Claire Fontaine' }).waitFor();
  await page.getByRole('button', { name: 'Proposer au directeur de l’École' }).click();
  await expectStatus(page, 'Le programme est proposé au directeur de l’École.');
  await page.getByTestId('programme-status').filter({ hasText: 'Proposé à l’École' }).waitFor();
  await look(page, 'directeur-de-session-programme');
  await logout(page);

  step('the School’s dashboard, to the cent');
  await login(page, 'ecole@demo.magistra.fr', { path: '/ecole/budget-national' });
  await page.getByTestId('national-remaining').filter({ hasText: /9\s420,00\s€/ }).waitFor();
  await logout(page);

  step('the delegate costs the court’s action on its credits');
  await login(page, 'delegue@demo.magistra.fr', { path: `/cour/sessions/${fixtures.courtSessionId}` });
  await page.getByRole('link', { name: 'Coûts de l’action' }).click();
  await page.getByRole('heading', { name: `Coûts — ${fixtures.courtSessionTitle}` }).waitFor();
  await page.getByLabel('Nature').selectOption('TRAVEL');
  await page.getByLabel('Pour', { exact: true }).selectOption('PARTICIPANT');
  await page.getByLabel('Libellé').fill('Trains des participants');
  await page.getByLabel('Montant estimé (€)').fill('1 234,56');
  await page.getByRole('button', { name: 'Ajouter la ligne' }).click();
  await expectStatus(page, 'La ligne est ajoutée et engagée.');
  await page.getByTestId('cost-totals').filter({ hasText: /1\s234,56\s€/ }).waitFor();
  await page.getByLabel('Libellé').fill('Hôtel pour tous');
  await page.getByLabel('Nature').selectOption('ACCOMMODATION');
  await page.getByLabel('Montant estimé (€)').fill('99 999');
  await page.getByRole('button', { name: 'Ajouter la ligne' }).click();
  await page.getByRole('alert').filter({ hasText: 'dépasse les crédits restants' }).waitFor();
  assert((await page.getByLabel('Libellé').inputValue()) === 'Hôtel pour tous', 'nothing typed is lost');
  await look(page, 'gestion-couts-cour');
  await page.goto(`${base}/budget`);
  await page.getByTestId('figures').filter({ hasText: /1\s234,56\s€/ }).waitFor();
  await logout(page);
}
