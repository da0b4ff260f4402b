// Journey 4: the School manages the programme (a new action, drafted, its programme by half-day
// proposed and validated by the director of the School (art. 132), edited, then published); the director
// selects on the selection board (rank, observations, days done and shortfall, capacity meter, one
// by one and in bulk), assesses a withdrawal, decides a validation, evaluates a court's plan action by
// action, reserves the court's credits on the national dashboard after the board's opinion, puts the
// year's programme online with the court's deconcentrated one (art. 139) and transmits the sheets.
import { acceptEarlyDecisions, assert, expectStatus, expectText, fixtures, login, logout, look, menu, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  step('the School’s programme');
  await login(page, 'ecole@demo.magistra.fr');
  await page.getByRole('heading', { name: 'Programme national' }).waitFor();
  await page.getByRole('link', { name: fixtures.session, exact: true }).waitFor();
  await look(page, 'ecole-programme');

  step('a new action: refused while incomplete, nothing lost, then created and published');
  await page.getByRole('link', { name: 'Nouvelle action de formation' }).click();
  await page.getByLabel('Intitulé').fill('Intelligence artificielle et office du juge');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await page.getByRole('alert').filter({ hasText: 'durée' }).waitFor();
  assert((await page.getByLabel('Intitulé').inputValue()) === 'Intelligence artificielle et office du juge', 'the title is kept');
  await page.getByLabel('Format', { exact: true }).selectOption('COLLOQUIUM');
  await page.getByLabel('Premier jour').fill('4/10/2027');
  await page.getByLabel('Dernier jour').fill('05/10/2027');
  await page.getByLabel('Durée (jours)').fill('2');
  await page.getByLabel('Lieu').fill('ENM Paris');
  await page.getByLabel('Places').fill('60');
  await page.getByLabel('Ouverture des inscriptions').fill('15/01/2027');
  await page.getByLabel('Clôture des inscriptions').fill('30/06/2027');
  await page.getByLabel('Fonctions visées').fill('juge des enfants, Juge d’instruction');
  await page.getByLabel('Formation de prise de fonction pour ces fonctions (art. 126)').check();
  await look(page, 'ecole-nouvelle-action');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await page.getByRole('heading', { name: 'Intelligence artificielle et office du juge' }).waitFor();

  step('not published before its programme is validated; the programme by half-day, proposed (art. 132)');
  const deskUrl = page.url();
  await page.getByRole('button', { name: 'Publier l’action' }).click();
  await page.getByRole('alert').filter({ hasText: 'programme validé par le directeur de l’École' }).waitFor();
  await page.getByRole('link', { name: 'Programme et intervenants' }).click();
  await page.getByRole('heading', { name: 'Programme — Intelligence artificielle et office du juge' }).waitFor();
  await expectText(page, 'Aucune séquence pour l’instant.');
  await page.getByRole('button', { name: 'Ajouter la séquence' }).click();
  await page.getByRole('alert').filter({ hasText: 'intitulé de la séquence' }).waitFor();
  await page.getByLabel('Jour', { exact: true }).fill('04/10/2027');
  await page.getByLabel('Demi-journée').selectOption('AFTERNOON');
  await page.getByLabel('Intitulé de la séquence').fill('L’IA au greffe et au cabinet');
  await page.getByRole('button', { name: 'Ajouter la séquence' }).click();
  await expectText(page, 'lundi 4 octobre 2027 (après-midi) : L’IA au greffe et au cabinet');
  await page.getByRole('button', { name: 'Enregistrer le programme' }).click();
  await expectStatus(page, 'Le programme est enregistré.');
  await page.getByRole('button', { name: 'Proposer au directeur de l’École' }).click();
  await expectStatus(page, 'Le programme est proposé au directeur de l’École.');
  await page.getByTestId('programme-status').filter({ hasText: 'Proposé à l’École' }).waitFor();
  await look(page, 'ecole-programme-action');
  const programmeUrl = page.url();
  await logout(page);

  step('the director of the School validates it');
  await login(page, 'directeur@demo.magistra.fr', { path: new URL(programmeUrl).pathname });
  await page.getByRole('button', { name: 'Valider le programme' }).click();
  await expectStatus(page, 'Le programme est validé.');
  await page.getByTestId('programme-status').filter({ hasText: 'Validé' }).waitFor();
  await look(page, 'ecole-programme-valide');
  await logout(page);
  await login(page, 'ecole@demo.magistra.fr', { path: new URL(deskUrl).pathname });
  await page.getByRole('heading', { name: 'Intelligence artificielle et office du juge' }).waitFor();

  step('the draft edited from its desk: a bad field refused with nothing lost, then saved');
  await page.getByText('Modifier l’action').click();
  assert((await page.getByLabel('Lieu').inputValue()) === 'ENM Paris', 'the form opens on the action as it stands');
  const functions = await page.getByLabel('Fonctions visées').inputValue();
  assert(functions === 'Juge des enfants, Juge d’instruction', `the functions as the list names them: ${functions}`);
  assert(await page.getByLabel('Formation de prise de fonction pour ces fonctions (art. 126)').isChecked(), 'marked as prise-de-fonction training');
  assert((await page.getByLabel('Premier jour').inputValue()) === '04/10/2027', 'with its dates, the French way');
  await page.getByLabel('Dernier jour').fill('31/0');
  assert((await page.getByText('Date non reconnue').count()) === 0, 'no error while the date is being typed');
  await page.getByLabel('Dernier jour').fill('31/02/2027');
  await page.getByLabel('Dernier jour').press('Tab');
  await expectText(page, 'Date non reconnue');
  assert((await page.getByLabel('Dernier jour').getAttribute('aria-invalid')) === 'true', 'the field says it is wrong');
  await page.getByLabel('Dernier jour').fill('05/10/2027');
  await page.getByLabel('Lieu').fill('ENM Bordeaux');
  await page.getByLabel('Places', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await page.getByRole('alert').filter({ hasText: 'nombre de places' }).waitFor();
  assert((await page.getByLabel('Lieu').inputValue()) === 'ENM Bordeaux', 'the new place is kept');
  await page.getByLabel('Places', { exact: true }).fill('48');
  await look(page, 'ecole-modifier-action');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expectStatus(page, 'L’action est modifiée');
  // The form is drawn again with the saved values: the focus is on its outcome, not lost to the page.
  await page.waitForFunction(() => (document.activeElement?.textContent ?? '').trim().startsWith('L’action est modifiée'));
  await expectText(page, 'ENM Bordeaux');
  await expectText(page, '0 sur 48');
  await page.getByRole('button', { name: 'Publier l’action' }).click();
  await expectStatus(page, 'L’action est publiée au programme.');
  const focused = await page.evaluate(() => (document.activeElement?.textContent ?? '').trim());
  assert(!focused.startsWith('L’action est modifiée'), 'a later change of the desk leaves the focus alone');
  await logout(page);

  step('the director’s selection board');
  await login(page, 'directeur@demo.magistra.fr');
  await page.getByLabel('Recherche').fill(fixtures.session);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: fixtures.session, exact: true }).click();
  await page.getByRole('heading', { name: fixtures.session, exact: true }).waitFor();
  const rows = page.getByTestId('applicant');
  await rows.first().waitFor();
  assert((await rows.count()) === fixtures.candidates.length + 1, 'every applicant, the withdrawn one included');
  await expectText(page, 'Chef de juridiction : Favorable');
  await page.getByRole('columnheader', { name: 'Manque' }).waitFor();
  await look(page, 'directeur-selection');
  const [a, b, c, d] = fixtures.candidates;
  const asked = acceptEarlyDecisions(page);
  await page.getByLabel(`Cocher ${a}`).check();
  await page.getByLabel(`Cocher ${b}`).check();
  await page.getByRole('button', { name: 'Retenir les cochés' }).click();
  await expectStatus(page, 'Décision enregistrée pour 2 candidatures');
  assert(asked.some((m) => m.includes('« Les expertises psychiatriques »') && m.includes('aux mêmes dates')), `the director was asked why, naming the other action: ${asked}`);
  await page.getByRole('button', { name: `Attente ${c}` }).click();
  await expectStatus(page, `${c} : Liste d’attente.`);
  await page.getByRole('button', { name: `Refuser ${d}` }).click();
  await expectStatus(page, `${d} : Refusée.`);
  await expectText(page, '2 sur 3 — 1 en liste d’attente');

  step('a withdrawal assessed');
  await page.getByRole('button', { name: 'Motif non sérieux' }).click();
  await expectStatus(page, 'motif non sérieux');
  await expectText(page, 'Motif jugé non sérieux');

  step('a validation request decided');
  await menu(page, 'Validations');
  const request = page.getByTestId('validation').filter({ hasText: fixtures.validation });
  await request.waitFor();
  await look(page, 'directeur-validations');
  await request.getByLabel('Jours validés').fill('1');
  await request.getByRole('button', { name: 'Valider' }).click();
  await page.getByLabel('En attente de décision uniquement').uncheck();
  await page.getByTestId('validation').filter({ hasText: 'Validée : 1 jour' }).waitFor();

  step('Lyon’s plan evaluated action by action (art. 139)');
  await menu(page, 'Plan déconcentré');
  await page.getByLabel('Cour d’appel').selectOption({ label: 'Lyon' });
  await page.getByTestId('plan-status').filter({ hasText: 'Transmis à l’École' }).waitFor();
  const [kept, dropped] = fixtures.planActions;
  await page.getByLabel(`Montant retenu en € (${kept})`).fill('1 500');
  await page.getByRole('group', { name: dropped }).getByRole('checkbox').uncheck();
  await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
  await page.getByRole('alert').filter({ hasText: 'une action non retenue l’est avec un motif' }).waitFor();
  await page.getByLabel(`Motif (${dropped})`).fill('Thème couvert par le programme national');
  await look(page, 'directeur-evaluation-plan');
  await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
  await expectStatus(page, 'L’évaluation est enregistrée.');
  await page.getByTestId('plan-status').filter({ hasText: 'Évalué par l’École' }).waitFor();
  await page.getByRole('cell', { name: /Retenue : 1\s500,00/ }).waitFor();
  await page.getByRole('cell', { name: /Non retenue — Thème couvert par le programme national/ }).waitFor();
  await page.getByTestId('plan-next-step').filter({ hasText: 'Crédits réservés par le directeur' }).waitFor();

  step('credits reserved on the national dashboard after the board’s opinion, then the programme online');
  await menu(page, 'Tableau de bord');
  const lyon = page.getByRole('row', { name: /^Lyon/ });
  await lyon.waitFor();
  assert((await page.getByRole('row').count()) >= 37, 'a row per court of appeal');
  await page.getByLabel('Référence de la délibération').fill('CA 2027-04');
  await look(page, 'directeur-tableau-de-bord');
  await lyon.getByRole('textbox').fill('25 000');
  await lyon.getByRole('button', { name: 'Réserver' }).click();
  await expectStatus(page, 'réservés pour la cour d’appel de Lyon en 2027');
  await page.getByRole('row', { name: /^Lyon/ }).filter({ hasText: /25\s000,00/ }).first().waitFor();
  await page.getByRole('button', { name: 'Mettre en ligne le programme 2027' }).click();
  await expectStatus(page, 'Le programme 2027 est en ligne');
  await expectText(page, /Programme 2027 en ligne depuis le (dimanche )?10 janvier 2027/);

  step('the training sheets transmitted');
  await menu(page, 'Transmission des fiches');
  await page.getByLabel('Année').selectOption('2026');
  await page.getByRole('button', { name: 'Transmettre les fiches' }).click();
  await page.getByRole('alert').filter({ hasText: 'Transmettre toutes les fiches 2026' }).waitFor();
  await look(page, 'directeur-transmission');
  await page.getByRole('button', { name: 'Oui, transmettre' }).click();
  await expectStatus(page, 'fiches traitées');
}
