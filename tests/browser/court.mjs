// Journey 3: the training delegate drafts next year's costed plan and records the council's opinion
// and priorities (art. 137), the next step shown at each stage; decides a
// deconcentrated session's candidates, keeps its attendance sheet, records the programme as given
// and closes it (art. 141); sends the written execution report and the activity report (art. 143,
// 138); the budget dashboard
// updates live when the finance officer records a commitment in another browser.
import { acceptEarlyDecisions, assert, pdfDownloaded, base, expectStatus, expectText, fixtures, login, look, menu, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  step('the delegate opens the plan and reads the needs');
  await login(page, 'delegue@demo.magistra.fr');
  await menu(page, 'Plan déconcentré');
  await page.getByLabel('Année').selectOption('2028');
  await page.getByRole('button', { name: 'Ouvrir le plan 2028' }).click();
  await page.getByTestId('plan-status').filter({ hasText: 'En préparation' }).waitFor();

  step('two costed actions, then the council’s order of priority');
  for (const [title, amount] of [['Atelier d’audition de l’enfant', '1 200,00'], ['Journée sur les violences conjugales', '800']]) {
    await page.getByLabel('Intitulé').fill(title);
    await page.getByLabel('Début prévu').fill('11/04/2028');
    await page.getByLabel('Fin prévue').fill('11/04/2028');
    await page.getByLabel('Montant en € (ligne 1)').fill(amount);
    await page.getByRole('button', { name: 'Ajouter une ligne de coût' }).click();
    await page.getByLabel('Catégorie (ligne 2)').selectOption('TRAVEL');
    await page.getByLabel('Montant en € (ligne 2)').fill('350');
    await page.getByRole('button', { name: 'Ajouter l’action au plan' }).click();
    await expectStatus(page, 'L’action est ajoutée au plan.');
    await page.getByRole('cell', { name: new RegExp(`^${title}`) }).first().waitFor();
  }
  await expectText(page, /2\s700,00\s€/);
  await page.getByRole('button', { name: 'Monter « Journée sur les violences conjugales »' }).click();
  await expectStatus(page, 'L’ordre de priorité est enregistré.');
  await page.waitForFunction(() => document.querySelector('tbody tr td:nth-child(2)')?.textContent.startsWith('Journée sur les violences'));
  await page.getByTestId('plan-next-step').filter({ hasText: 'Avis du conseil de la formation continue déconcentrée' }).waitFor();
  await look(page, 'delegue-plan');

  step('the council’s opinion, after which the plan waits for the heads of court');
  await page.getByLabel('Date de la réunion du conseil').fill('32/01/2027');
  await page.getByLabel('Avis du conseil', { exact: true }).fill('Avis favorable ; priorité aux violences conjugales.');
  await page.getByRole('button', { name: 'Enregistrer l’avis du conseil' }).click();
  await page.getByRole('alert').filter({ hasText: 'Date non reconnue : écrivez-la au format jj/mm/aaaa' }).waitFor();
  assert(await page.getByLabel('Avis du conseil', { exact: true }).inputValue() === 'Avis favorable ; priorité aux violences conjugales.', 'nothing typed is lost');
  await page.getByLabel('Date de la réunion du conseil').fill('08/01/2027');
  await page.getByRole('button', { name: 'Enregistrer l’avis du conseil' }).click();
  await expectStatus(page, 'L’avis du conseil est enregistré');
  await page.getByTestId('plan-status').filter({ hasText: 'Avis du conseil recueilli' }).waitFor();
  await page.getByTestId('plan-next-step').filter({ hasText: 'Arrêté du plan par les chefs de cour' }).waitFor();
  await expectText(page, 'Avis du conseil du vendredi 8 janvier 2027 : Avis favorable ; priorité aux violences conjugales.');
  assert(await page.getByRole('button', { name: 'Ajouter l’action au plan' }).count() === 0, 'the plan the council saw no longer changes');
  await look(page, 'delegue-plan-avis');

  step('the needs of the year in hand');
  await page.getByLabel('Année').selectOption('2027');
  await expectText(page, fixtures.need);

  step('the candidates of a coming session');
  await menu(page, 'Sessions de la cour');
  await page.getByRole('link', { name: fixtures.coming, exact: true }).click();
  await page.getByRole('heading', { name: fixtures.coming, exact: true }).waitFor();
  const [first, second, third] = fixtures.candidates;
  acceptEarlyDecisions(page);
  await page.getByLabel(`Cocher ${first}`).check();
  await page.getByLabel(`Cocher ${second}`).check();
  await page.getByRole('button', { name: 'Retenir les cochés' }).click();
  await expectStatus(page, 'Décision enregistrée pour 2 candidatures');
  await page.getByRole('button', { name: `Refuser ${third}` }).click();
  await expectStatus(page, `${third} : Refusée.`);
  await page.getByRole('progressbar', { name: 'Places attribuées' }).waitFor();
  await expectText(page, /2 sur 12/);
  await look(page, 'delegue-candidats');

  step('the attendance sheet of a session held, then its closing');
  await page.goto(`${base}/cour/sessions/${fixtures.heldId}`);
  await page.getByRole('heading', { name: fixtures.held, exact: true }).waitFor();
  const boxes = page.getByRole('row', { name: new RegExp(fixtures.participants[0]) }).last().getByRole('checkbox');
  await boxes.first().waitFor();
  for (const box of await boxes.all()) {
    await box.check();
  }
  await page.getByRole('row', { name: new RegExp(fixtures.participants[1]) }).last().getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Enregistrer la feuille de présence' }).click();
  await expectStatus(page, 'La feuille de présence est enregistrée.');
  await page.getByRole('row', { name: new RegExp(fixtures.participants[0]) }).getByText('Suivie', { exact: true }).first().waitFor();
  await pdfDownloaded(page, page.getByRole('button', { name: 'Attestations de présence (PDF)' }), /^attestations\.pdf$/);
  await look(page, 'delegue-presence');

  step('the programme as given goes with the final list (art. 141): refused without it, then closed');
  await page.getByRole('button', { name: 'Clore la session et envoyer la liste' }).click();
  await page.getByRole('alert').filter({ hasText: 'art. 141' }).waitFor();
  await page.getByRole('link', { name: 'Coûts de l’action' }).click();
  await page.getByRole('link', { name: 'Programme de l’action' }).click();
  await page.getByRole('heading', { name: `Programme — ${fixtures.held}` }).waitFor();
  await page.getByLabel('Jour', { exact: true }).fill('05/01/2027');
  await page.getByLabel('Intitulé de la séquence').fill('Le contrôle des hospitalisations sans consentement');
  await page.getByRole('button', { name: 'Ajouter la séquence' }).click();
  await page.getByLabel('Demi-journée').selectOption('AFTERNOON');
  await page.getByLabel('Intitulé de la séquence').fill('Cas pratiques');
  await page.getByRole('button', { name: 'Ajouter la séquence' }).click();
  await page.getByRole('button', { name: 'Enregistrer le programme' }).click();
  await expectStatus(page, 'Le programme est enregistré.');
  await expectText(page, 'Cas pratiques');
  assert((await page.getByRole('button', { name: 'Proposer au directeur de l’École' }).count()) === 0, 'a court’s programme is not proposed for validation');
  await look(page, 'delegue-programme-donne');
  await page.getByRole('link', { name: 'Retour à l’action' }).click();
  await page.getByRole('heading', { name: fixtures.held, exact: true }).waitFor();
  await page.getByRole('button', { name: 'Clore la session et envoyer la liste' }).click();
  await expectStatus(page, 'La session est close');

  step('the budget, live while the finance officer commits an expense');
  await menu(page, 'Budget');
  await page.getByTestId('live').filter({ hasText: 'en direct' }).waitFor();
  const remaining = page.getByTestId('remaining');
  await remaining.filter({ hasText: /20\s000,00/ }).waitFor();
  await look(page, 'delegue-budget');
  const finance = await newPage(browser);
  track(finance);
  await login(finance, 'finances@demo.magistra.fr');
  await menu(finance, 'Saisir une dépense');
  await finance.getByLabel('Action de formation').selectOption({ label: fixtures.heldLabel });
  await finance.getByLabel('Montant (€)').fill('douze');
  await finance.getByLabel('Libellé').fill('Traiteur — déjeuner des participants');
  await finance.getByRole('button', { name: 'Enregistrer la dépense' }).click();
  await finance.getByRole('alert').filter({ hasText: 'Indiquez un montant en euros' }).waitFor();
  assert((await finance.getByLabel('Libellé').inputValue()).startsWith('Traiteur'), 'nothing typed is lost on error');
  await finance.getByLabel('Montant (€)').fill('450,00');
  await finance.getByRole('button', { name: 'Enregistrer la dépense' }).click();
  await expectStatus(finance, 'Dépense de 450,00');
  await look(finance, 'finances-depense');
  await remaining.filter({ hasText: /19\s550,00/ }).waitFor({ timeout: 10000 });
  step('the delegate’s dashboard moved without reloading');
  await menu(finance, 'Budget');
  await finance.getByRole('cell', { name: 'Traiteur — déjeuner des participants' }).waitFor();
  await look(finance, 'finances-budget');

  step('the court’s reports: the written part of the execution report to the director (art. 143), the activity to the heads of jurisdiction (art. 138)');
  await page.getByRole('link', { name: 'Rapports de la cour (art. 138, 143)' }).click();
  await page.getByRole('heading', { name: 'Rapports de la cour' }).waitFor();
  await page.getByRole('button', { name: 'Envoyer au directeur de l’École' }).click();
  await page.getByRole('alert').filter({ hasText: 'Rédigez le rapport' }).waitFor();
  await page.getByLabel('Partie rédigée du rapport').fill('Deux actions tenues sur les trois prévues ; l’atelier d’audition est reporté faute d’intervenant.');
  await page.getByRole('button', { name: 'Envoyer au directeur de l’École' }).click();
  await expectStatus(page, 'Le rapport est adressé au directeur de l’École.');
  await page.getByTestId('sending').first().waitFor();
  await page.getByLabel('Du', { exact: true }).fill('01/01/2027');
  await page.getByLabel('Au', { exact: true }).fill('10/01/2027');
  await page.getByRole('button', { name: 'Envoyer aux chefs de juridiction' }).click();
  await expectStatus(page, 'Le rapport d’activité est envoyé aux chefs de juridiction.');
  await page.getByTestId('activity-report').first().waitFor();
  await look(page, 'delegue-rapports');
}
