// What a person sees when things go wrong: the server unreachable at the first load (a French
// message and « Réessayer », never an endless spinner), a button pressed twice while its request
// runs (sent once), a notification arriving live while a page is open, even after its connection
// dropped (opened again by itself), and a failure of the client itself (a French message and a way
// to reload instead of a frozen page).
import { assert, base, expectStatus, expectText, fixtures, login, look, newPage, step } from './lib.mjs';

async function graphql(token, query, variables) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors) {
    throw new Error(`GraphQL refused: ${JSON.stringify(answer.errors)}`);
  }
  return answer.data;
}

export async function run(browser, track) {
  const page = await newPage(browser);
  track(page);
  // Every live connection of the page passes here, so that the journey can cut one and see the
  // page subscribe again on the next.
  const sockets = [];
  await page.routeWebSocket('**/graphql/ws', (socket) => {
    const server = socket.connectToServer();
    const entry = { socket, subscribed: false };
    socket.onMessage((message) => {
      if (String(message).includes('"subscribe"')) {
        entry.subscribed = true;
      }
      server.send(message);
    });
    sockets.push(entry);
  });
  await login(page, 'magistrat@demo.magistra.fr');

  step('the server is unreachable when the page loads: a French message and « Réessayer »');
  await page.route('**/graphql', (route) => route.abort('connectionrefused'));
  await page.reload();
  await expectText(page, 'Le serveur ne répond pas');
  const retry = page.getByRole('button', { name: 'Réessayer' });
  await retry.waitFor();
  assert((await page.locator('.spinner').count()) === 0, 'no spinner left turning');
  await look(page, 'failure-first-load');
  await page.unroute('**/graphql');
  await retry.click();
  await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
  step('after « Réessayer » the page loads');

  step('a list that fails to load offers « Réessayer » in place');
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() || '';
    if (body.includes('myApplications')) {
      return route.abort('connectionrefused');
    }
    return route.continue();
  });
  await page.goto(`${base}/mes-voeux`);
  await expectText(page, 'Le serveur ne répond pas');
  await page.unroute('**/graphql');
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await page.getByRole('heading', { name: 'Année 2027' }).waitFor();

  step('a double click sends one application, and the button says it is busy meanwhile');
  let applies = 0;
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() || '';
    if (body.includes('apply(')) {
      applies += 1;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    return route.continue();
  });
  await page.goto(`${base}/sessions/${fixtures.sessionId}`);
  const send = page.getByRole('button', { name: 'Présenter ma candidature' });
  await send.waitFor();
  await send.dblclick();
  await send.click({ force: true, timeout: 2000 }).catch(() => {});
  assert((await send.getAttribute('aria-busy')) === 'true', 'the button is marked busy while it runs');
  assert(await send.isDisabled(), 'the button is disabled while it runs');
  await expectStatus(page, 'Votre candidature est enregistrée.');
  assert(applies === 1, `one application sent, not ${applies}`);
  await page.unroute('**/graphql');
  await look(page, 'failure-double-click');

  step('the live connection drops: it is opened again by itself');
  assert(sockets.length > 0 && sockets.at(-1).subscribed, 'the page listens for notifications');
  const opened = sockets.length;
  await sockets.at(-1).socket.close();
  for (let waited = 0; sockets.length === opened || !sockets.at(-1).subscribed; waited += 100) {
    assert(waited < 10000, 'the connection is opened again, and subscribed, within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  step(`connection ${opened} cut, connection ${sockets.length} opened and subscribed`);

  step('a notification arrives live on the new connection: the badge counts it and it is announced');
  const badge = page.getByTestId('badge');
  const before = (await badge.count()) > 0 ? Number(await badge.textContent()) : 0;
  const heardBefore = await page.getByTestId('announce').textContent();
  await graphql(
    fixtures.directorToken,
    'mutation($s: ID!, $d: [DecisionInput!]!) { decideApplications(sessionId: $s, decisions: $d, confirmEarly: true) { id } }',
    { s: fixtures.otherSession, d: [{ applicationId: fixtures.otherApplication, decision: 'SELECTED' }] },
  );
  await page.waitForFunction(
    (count) => Number(document.querySelector('[data-testid="badge"]')?.textContent || 0) > count,
    before,
    { timeout: 10000 },
  );
  await page.waitForFunction(
    (heard) => {
      const text = document.querySelector('[data-testid="announce"]')?.textContent || '';
      return text.includes('Nouvelle notification') && text !== heard;
    },
    heardBefore,
    { timeout: 10000 },
  );
  step(`badge went from ${before} to ${await badge.textContent()} without reloading`);

  step('a failure of the client itself: a French message and a way to reload');
  await page.evaluate(() => {
    try {
      window.wasmBindings.magistra_simulate_panic();
    } catch (error) {
      // The panic unwinds into JavaScript as an exception; the page must say what happened.
    }
  });
  const alert = page.getByRole('alert').filter({ hasText: 'Une erreur est survenue' });
  await alert.waitFor();
  await expectText(page, 'Ce que vous aviez déjà enregistré est conservé');
  const reload = page.getByRole('link', { name: 'Recharger la page' });
  await reload.waitFor();
  await look(page, 'failure-panic');
  await reload.click();
  await page.getByRole('navigation', { name: 'Menu principal' }).waitFor();
  step('the reloaded page works again');
}
