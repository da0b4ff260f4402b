// Journey 1: a magistrate browses the programme, applies, reorders and cancels wishes, receives a
// decision (the director selects them on the selection board), confirms, withdraws, reads the training
// sheet and downloads its PDF, evaluates a training attended, asks a validation and states a need.
import { acceptEarlyDecisions, assert, pdfDownloaded, base, expectStatus, expectText, fixtures, login, look, menu, newPage, step } from './lib.mjs';

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  step('log in as the magistrate');
  await login(page, 'magistrat@demo.magistra.fr');
  assert(page.url().endsWith('/programme'), `lands on the programme, not ${page.url()}`);
  await page.getByRole('heading', { name: 'Programme de formation continue' }).waitFor();
  await page.getByRole('link', { name: fixtures.first, exact: true }).first().waitFor();
  await look(page, 'magistrat-programme');

  step('search and filter the programme');
  await page.getByLabel('Recherche (titre, thème, code)').fill('mineurs');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: fixtures.first, exact: true }).waitFor();
  await page.getByLabel('Format').selectOption('SESSION');
  await page.getByLabel('Inscriptions ouvertes uniquement').check();
  await page.getByRole('link', { name: fixtures.first, exact: true }).waitFor();
  await page.getByLabel('Offre').selectOption('NATIONAL');
  await page.getByRole('link', { name: fixtures.first, exact: true }).click();

  step('apply with a rank and a motivation');
  await page.getByRole('heading', { name: fixtures.first, exact: true }).waitFor();
  await expectText(page, 'Du lundi 14 juin 2027 au mercredi 16 juin 2027');
  await look(page, 'magistrat-session');
  await page.getByLabel('Rang de préférence').fill('1');
  await page.getByLabel('Motivation (facultative)').fill('Je prends mes fonctions de juge des enfants : cette session m’est indispensable.');
  await page.getByRole('button', { name: 'Présenter ma candidature' }).click();
  await expectText(page, 'Vous avez demandé cette action en vœu n° 1');

  step('a second wish, from the programme');
  await menu(page, 'Programme');
  await page.getByLabel('Recherche (titre, thème, code)').fill(fixtures.second);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: fixtures.second, exact: true }).click();
  await page.getByLabel('Rang de préférence').waitFor();
  assert((await page.getByLabel('Rang de préférence').inputValue()) === '2', 'the next free rank is proposed');
  await page.getByRole('button', { name: 'Présenter ma candidature' }).click();
  await expectText(page, 'Vous avez demandé cette action en vœu n° 2');

  step('reorder, then cancel a wish');
  await menu(page, 'Mes vœux');
  const wishes = page.getByTestId('wish');
  await wishes.nth(1).waitFor();
  assert((await wishes.nth(0).textContent()).includes(fixtures.first), 'first wish first');
  const period = wishes.nth(0).getByTestId('observation-deadline');
  assert(/^Observations des autorités d’évaluation attendues jusqu’au \S+ \d+(er)? \S+ \d{4}$/.test(await period.textContent()), 'until when observations may come (art. 130)');
  await look(page, 'magistrat-voeux');
  await page.getByRole('button', { name: `Monter « ${fixtures.second} »` }).click();
  await expectStatus(page, 'L’ordre de vos vœux est enregistré.');
  await page.waitForFunction((title) => document.querySelector('[data-testid="wish"]')?.textContent.includes(title), fixtures.second);
  await page.getByTestId('wish').filter({ hasText: fixtures.second }).getByRole('button', { name: 'Annuler' }).click();
  await expectStatus(page, 'Votre candidature est annulée.');
  await page.getByText('Candidatures annulées (1)').waitFor();

  step('the director selects the magistrate on the selection board');
  const director = await newPage(browser);
  track(director);
  await login(director, 'directeur@demo.magistra.fr');
  await director.goto(`${base}/ecole/selection/${fixtures.firstId}`);
  await director.getByRole('heading', { name: fixtures.first, exact: true }).waitFor();
  await director.getByTestId('applicant').filter({ hasText: fixtures.magistrateName }).getByText(/^Attendues jusqu’au /).waitFor();
  const asked = acceptEarlyDecisions(director);
  await director.getByRole('button', { name: `Retenir ${fixtures.magistrateName}` }).click();
  await expectStatus(director, `${fixtures.magistrateName} : Retenue.`);
  assert(asked.length === 1 && /attendues jusqu’au .* \(art\. 130\)/.test(asked[0]), `the director confirmed deciding early: ${asked}`);
  await director.close();

  step('the decision arrives: badge, notification, countdown');
  await page.reload();
  await page.getByTestId('badge').waitFor();
  await page.getByRole('link', { name: /Notifications, \d+ non lue/ }).click();
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  await expectText(page, fixtures.first);
  await look(page, 'magistrat-notifications');
  await page.getByTestId('badge').waitFor({ state: 'detached' });
  await menu(page, 'Mes vœux');
  const countdown = page.getByTestId('countdown');
  await countdown.waitFor();
  assert(/À confirmer au plus tard le .* — dans \d+ jours/.test(await countdown.textContent()), 'a countdown to the due date');
  await page.getByRole('button', { name: 'Confirmer ma participation' }).click();
  await expectStatus(page, 'Votre participation est confirmée.');
  await page.getByTestId('wish').filter({ hasText: 'Confirmée' }).waitFor();

  step('subscribe a calendar to the confirmed actions, from « Mon compte »');
  await page.getByRole('link', { name: new RegExp(fixtures.magistrateName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
  await page.getByRole('heading', { name: 'Mon agenda' }).waitFor();
  await page.getByRole('button', { name: 'Créer une adresse d’abonnement' }).click();
  await expectStatus(page, 'Nouvelle adresse créée');
  const address = await page.getByLabel('Votre adresse d’abonnement (affichée une seule fois)').inputValue();
  assert(/\/calendar\/[A-Za-z0-9]{48}\.ics$/.test(address), `a secret calendar address: ${address}`);
  const feed = await fetch(address);
  const calendar = await feed.text();
  assert(feed.status === 200 && calendar.includes('METHOD:PUBLISH') && calendar.includes(fixtures.first.slice(0, 20)),
    'the address lists the confirmed action');
  await look(page, 'magistrat-agenda');
  await page.getByRole('button', { name: 'Fermer l’adresse' }).click();
  await expectStatus(page, 'Adresse fermée');
  assert((await fetch(address)).status === 404, 'a closed address answers nothing');

  step('ask for the daily digest of new offers (art. 129), kept after a reload');
  const digest = page.getByLabel(/Recevoir chaque jour par courriel le résumé des actions nouvellement publiées/);
  assert(!(await digest.isChecked()), 'not asked by default');
  await digest.check();
  await expectStatus(page, 'Vous recevrez chaque jour le résumé des nouvelles offres.');
  await page.reload();
  await page.getByRole('heading', { name: 'Nouvelles offres' }).waitFor();
  assert(await page.getByLabel(/Recevoir chaque jour par courriel/).isChecked(), 'the preference is kept');
  await menu(page, 'Mes vœux');

  step('withdraw with a reason and details');
  await page.getByRole('button', { name: 'Me désister' }).click();
  await page.getByRole('button', { name: 'Confirmer le désistement' }).click();
  await page.getByRole('alert').filter({ hasText: 'désistement doit être motivé' }).waitFor();
  await page.getByLabel('Motif').selectOption('HEALTH');
  await page.getByLabel('Précisions').fill('Intervention chirurgicale programmée la même semaine.');
  await look(page, 'magistrat-desistement');
  await page.getByRole('button', { name: 'Confirmer le désistement' }).click();
  await expectStatus(page, 'Votre désistement est enregistré');
  await page.getByTestId('wish').filter({ hasText: 'Désistement pour raison de santé' }).waitFor();

  step('the training sheet, its progress bars and its PDF');
  await menu(page, 'Ma fiche-formation');
  await page.getByRole('progressbar').first().waitFor();
  await expectText(page, fixtures.past);
  await look(page, 'magistrat-fiche');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger la fiche (PDF)' }).click();
  const file = await download;
  assert(file.suggestedFilename() === `fiche-formation-${fixtures.year}.pdf`, `PDF named ${file.suggestedFilename()}`);
  const stream = await file.createReadStream();
  const head = await new Promise((resolve) => stream.once('data', (chunk) => resolve(chunk.subarray(0, 5).toString())));
  assert(head === '%PDF-', 'the download is a PDF');
  await pdfDownloaded(page, page.getByRole('button', { name: `Attestation de présence : ${fixtures.past}` }), /^attestation-\d+\.pdf$/);

  step('evaluate the training attended');
  await page.getByRole('link', { name: 'Évaluer' }).first().click();
  await page.getByRole('heading', { name: 'Fiche d’évaluation' }).waitFor();
  await page.getByRole('button', { name: 'Envoyer l’évaluation' }).click();
  await page.getByRole('alert').filter({ hasText: 'quatre critères' }).waitFor();
  for (const criterion of ['Contenu de la formation', 'Qualité des intervenants', 'Organisation matérielle', 'Utilité pour vos fonctions']) {
    await page.getByRole('group', { name: criterion }).getByLabel('4').check();
  }
  await page.getByLabel('Commentaires (facultatifs, anonymes)').fill('Très concret, merci.');
  await look(page, 'magistrat-evaluation');
  await page.getByRole('button', { name: 'Envoyer l’évaluation' }).click();
  await expectStatus(page, 'votre évaluation est enregistrée');

  step('a validation request');
  await menu(page, 'Validations');
  await page.getByLabel('Type d’activité').selectOption('PUBLICATION');
  await page.getByLabel('Intitulé').fill('Article sur la justice restaurative');
  await page.getByLabel('Jours demandés').fill('1,5');
  await page.getByRole('button', { name: 'Demander la validation' }).click();
  await expectStatus(page, 'Votre demande est transmise au directeur');
  await page.getByTestId('validation').filter({ hasText: 'Article sur la justice restaurative' }).waitFor();
  await look(page, 'magistrat-validations');

  step('a training need for the court');
  await menu(page, 'Besoins de formation');
  await page.getByLabel('Thème').fill('Audition de l’enfant');
  await page.getByLabel('Précisions').fill('Techniques d’audition adaptées aux plus jeunes.');
  await page.getByRole('button', { name: 'Transmettre mon besoin' }).click();
  await expectStatus(page, 'Votre besoin est transmis');
  await look(page, 'magistrat-besoins');
}
