// Drives the simulated Taskcluster with the official JS client and prints one JSON line per check.
// Arguments: provisionerId workerType workerGroup workerId. Environment: TASKCLUSTER_ROOT_URL,
// TASKCLUSTER_CLIENT_ID, TASKCLUSTER_ACCESS_TOKEN (operator), NO_SCOPES_CLIENT_ID, NO_SCOPES_ACCESS_TOKEN,
// PENDING_WORKER_TYPE (a pool of the provisioner whose pending count is read).
const imported = require('taskcluster-client');
const taskcluster = imported.default || imported; // newer releases are ES modules with a default export

const [provisionerId, workerType, workerGroup, workerId] = process.argv.slice(2);
const rootUrl = process.env.TASKCLUSTER_ROOT_URL;
const operator = { clientId: process.env.TASKCLUSTER_CLIENT_ID, accessToken: process.env.TASKCLUSTER_ACCESS_TOKEN };
const noScopes = { clientId: process.env.NO_SCOPES_CLIENT_ID, accessToken: process.env.NO_SCOPES_ACCESS_TOKEN };

async function check(name, fn) {
  try {
    const value = await fn();
    console.log(JSON.stringify({ check: name, ok: true, value }));
  } catch (err) {
    console.log(JSON.stringify({ check: name, ok: false, statusCode: err.statusCode || null, code: err.code || null,
      message: String(err.message).split('\n')[0] }));
  }
}

(async () => {
  const anonymous = new taskcluster.Queue({ rootUrl, retries: 0 });
  const queue = new taskcluster.Queue({ rootUrl, credentials: operator, retries: 0 });
  const until = taskcluster.fromNow('10 years').toJSON();
  await check('anonymous-listWorkers', async () =>
    (await anonymous.listWorkers(provisionerId, workerType)).workers.map(w => w.workerId));
  await check('listWorkers', async () => (await queue.listWorkers(provisionerId, workerType)).workers.map(w => w.workerId));
  await check('getWorker', async () => {
    const w = await queue.getWorker(provisionerId, workerType, workerGroup, workerId);
    return { workerId: w.workerId, quarantineUntil: w.quarantineUntil, recentTasks: w.recentTasks.length };
  });
  await check('pendingTasks', async () => {
    const p = await anonymous.pendingTasks(`${provisionerId}/${process.env.PENDING_WORKER_TYPE}`);
    return { taskQueueId: p.taskQueueId, provisionerId: p.provisionerId, workerType: p.workerType, pendingTasks: p.pendingTasks };
  });
  await check('quarantineWorker', async () =>
    (await queue.quarantineWorker(provisionerId, workerType, workerGroup, workerId,
      { quarantineUntil: until, quarantineInfo: 'fleetroll sim: official client check' })).quarantineUntil);
  await check('listWorkers-quarantined', async () =>
    (await queue.listWorkers(provisionerId, workerType, { quarantined: 'true' })).workers.map(w => w.workerId));
  await check('workerManager-getWorker', async () => {
    const wm = new taskcluster.WorkerManager({ rootUrl, retries: 0 });
    const w = await wm.getWorker(provisionerId, workerType, workerGroup, workerId);
    return w.quarantineDetails.map(d => ({ clientId: d.clientId, quarantineInfo: d.quarantineInfo }));
  });
  await check('temporaryCredentials-quarantineWorker', async () => {
    const temp = taskcluster.createTemporaryCredentials({
      start: new Date(), expiry: taskcluster.fromNow('1 hour'),
      scopes: [`queue:quarantine-worker:${provisionerId}/${workerType}/*`], credentials: operator });
    const q = new taskcluster.Queue({ rootUrl, credentials: temp, retries: 0 });
    return (await q.quarantineWorker(provisionerId, workerType, workerGroup, workerId,
      { quarantineUntil: taskcluster.fromNow('-1 year').toJSON(), quarantineInfo: 'lifted' })).quarantineUntil;
  });
  await check('wrongAccessToken', async () => {
    const q = new taskcluster.Queue({ rootUrl, credentials: { clientId: operator.clientId, accessToken: 'wrong-' + operator.accessToken }, retries: 0 });
    return q.quarantineWorker(provisionerId, workerType, workerGroup, workerId, { quarantineUntil: until });
  });
  await check('wrongAccessTokenOnRead', async () => {
    const q = new taskcluster.Queue({ rootUrl, credentials: { clientId: operator.clientId, accessToken: 'wrong' }, retries: 0 });
    return q.getWorker(provisionerId, workerType, workerGroup, workerId);
  });
  await check('missingScope', async () => {
    const q = new taskcluster.Queue({ rootUrl, credentials: noScopes, retries: 0 });
    return q.quarantineWorker(provisionerId, workerType, workerGroup, workerId, { quarantineUntil: until });
  });
  await check('anonymousQuarantine', async () =>
    anonymous.quarantineWorker(provisionerId, workerType, workerGroup, workerId, { quarantineUntil: until }));
  await check('unknownWorker', async () => queue.getWorker(provisionerId, workerType, workerGroup, 'no-such-host'));
})();
