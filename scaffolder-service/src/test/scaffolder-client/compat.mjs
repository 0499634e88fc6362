// Runs the official ScaffolderClient (@backstage/plugin-scaffolder-common), unchanged, against a
// running scaffolder-service.
//
//   BASE_URL       e.g. http://localhost:8082/api (the client adds /scaffolder/v2/...)
//   TOKEN          bearer token of USER_REF
//   USER_REF       e.g. user:default/alice
//   TEMPLATE_REF   a template with a required `name` parameter and a skeleton (fixtures/templates/simple.yaml)
//   SLOW_REF       a template whose first step waits (fixtures/templates/slow.yaml)
//   FAILING_REF    a template whose second step fails (fixtures/templates/failing.yaml)
//
// Every check asserts on real content; the first failure ends the run with exit code 1.

import assert from 'node:assert/strict';
import { ScaffolderClient } from '@backstage/plugin-scaffolder-common';
import { ResponseError } from '@backstage/errors';

// @microsoft/fetch-event-source (used by streamLogs) expects a browser: `window` for its timers and
// `document` for visibility events. Node has neither; these stand-ins change nothing in the client.
globalThis.window ??= globalThis;
globalThis.document ??= { hidden: false, addEventListener() {}, removeEventListener() {} };

const env = name => {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return v;
};
const BASE_URL = env('BASE_URL').replace(/\/+$/, '');
const TOKEN = env('TOKEN');
const USER_REF = env('USER_REF');
const TEMPLATE_REF = env('TEMPLATE_REF');
const SLOW_REF = env('SLOW_REF');
const FAILING_REF = env('FAILING_REF');

let requests = 0;
const options = useLongPollingLogs => ({
  discoveryApi: { getBaseUrl: async pluginId => `${BASE_URL}/${pluginId}` },
  fetchApi: {
    fetch: (url, init) => {
      requests++;
      return fetch(url, { ...init, headers: { ...(init?.headers ?? {}), Authorization: `Bearer ${TOKEN}` } });
    },
  },
  identityApi: {
    getBackstageIdentity: async () => ({ type: 'user', userEntityRef: USER_REF, ownershipEntityRefs: [USER_REF] }),
    getCredentials: async () => ({ token: TOKEN }),
    getProfileInfo: async () => ({}),
    signOut: async () => {},
  },
  scmIntegrationsApi: {},
  useLongPollingLogs,
});
const client = new ScaffolderClient(options(false));
const polling = new ScaffolderClient(options(true));

const passed = [];
async function check(name, fn) {
  try {
    await fn();
    passed.push(name);
    console.log(`ok   ${name}`);
  } catch (e) {
    console.error(`FAIL ${name}`);
    console.error(e?.stack ?? e);
    if (ResponseError.is(e)) {
      console.error('response body:', JSON.stringify(e.body));
    }
    throw e;
  }
}

/** Collects the events of streamLogs until it completes (or times out). */
function collect(scaffolder, taskId, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const events = [];
    const timer = setTimeout(() => { sub.unsubscribe(); reject(new Error(`stream of ${taskId} did not complete: ${JSON.stringify(events)}`)); }, timeoutMs);
    const sub = scaffolder.streamLogs({ taskId }).subscribe({
      next: e => events.push(e),
      error: e => { clearTimeout(timer); reject(e); },
      complete: () => { clearTimeout(timer); resolve(events); },
    });
  });
}

async function waitForStatus(taskId, statuses, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await client.getTask(taskId);
    if (statuses.includes(task.status)) {
      return task;
    }
    if (Date.now() > deadline) {
      throw new Error(`task ${taskId} is still ${task.status}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

async function main() {
  let taskId;

  await check('getTemplateParameterSchema: pages with their JSON Schemas', async () => {
    const schema = await client.getTemplateParameterSchema(TEMPLATE_REF);
    assert.equal(schema.title, 'Simple template');
    assert.equal(schema.steps.length, 1);
    assert.equal(schema.steps[0].title, 'Basics');
    assert.deepEqual(schema.steps[0].schema.required, ['name']);
    assert.equal(schema.steps[0].schema.properties.name.pattern, '^[a-z][a-z0-9-]{1,30}$');
    assert.equal(schema.steps[0].schema.properties.token['ui:field'], 'Secret');
  });

  await check('scaffold: creates a task; invalid values are refused', async () => {
    ({ taskId } = await client.scaffold({ templateRef: TEMPLATE_REF, values: { name: 'compat' }, secrets: { token: 'compat-secret-42' } }));
    assert.match(taskId, /^[0-9a-f-]{36}$/);
    await assert.rejects(client.scaffold({ templateRef: TEMPLATE_REF, values: { name: 'NOT VALID' } }), /400/);
  });

  await check('streamLogs (event stream): log events, step status, completion', async () => {
    const events = await collect(client, taskId);
    const messages = events.map(e => e.body.message);
    assert.ok(messages.includes('Starting up task with 5 steps'), messages.join('\n'));
    assert.ok(messages.includes('Beginning step Say hello'), messages.join('\n'));
    assert.ok(messages.includes('Finished step Render'), messages.join('\n'));
    assert.ok(messages.includes('The token is ***'), messages.join('\n'));
    assert.ok(!JSON.stringify(events).includes('compat-secret-42'));
    const completion = events[events.length - 1];
    assert.equal(completion.type, 'completion');
    assert.equal(completion.body.status, 'completed');
    assert.equal(completion.taskId, taskId);
    assert.equal(typeof completion.id, 'number');
    assert.ok(events.some(e => e.body.stepId === 'skipped' && e.body.status === 'skipped'));
  });

  await check('streamLogs (long polling): the same events, from an offset', async () => {
    const all = await collect(polling, taskId);
    assert.equal(all[all.length - 1].type, 'completion');
    const later = await new Promise((resolve, reject) => {
      const got = [];
      const sub = polling.streamLogs({ taskId, after: all[2].id }).subscribe({
        next: e => got.push(e), error: reject, complete: () => resolve(got),
      });
      setTimeout(() => { sub.unsubscribe(); reject(new Error('polling stream did not complete')); }, 60_000);
    });
    assert.equal(later[0].id, all[3].id);
  });

  await check('getTask: status, spec without secrets, output', async () => {
    const task = await client.getTask(taskId);
    assert.equal(task.id, taskId);
    assert.equal(task.status, 'completed');
    assert.equal(task.spec.templateInfo.entityRef, TEMPLATE_REF);
    assert.equal(task.spec.parameters.name, 'compat');
    assert.equal(task.spec.user.ref, USER_REF);
    assert.ok(task.createdAt);
    assert.ok(!JSON.stringify(task).includes('compat-secret-42'));
    assert.equal(task.output.links[0].url, 'https://docs.example.com/compat');
    await assert.rejects(client.getTask('00000000-0000-4000-8000-000000000000'), e => ResponseError.is(e) && e.statusCode === 404);
  });

  await check('listTasks: owned tasks with total', async () => {
    const { tasks, totalTasks } = await client.listTasks({ filterByOwnership: 'owned', limit: 100 });
    assert.ok(tasks.some(t => t.id === taskId));
    assert.ok(tasks.every(t => t.createdBy === USER_REF));
    assert.ok(totalTasks >= 1);
    const all = await client.listTasks({ filterByOwnership: 'all', limit: 1, offset: 0 });
    assert.equal(all.tasks.length, 1);
  });

  await check('listActions: the registry with schemas', async () => {
    const actions = await client.listActions();
    const ids = actions.map(a => a.id);
    for (const id of ['fetch:template', 'fetch:plain', 'publish:git', 'publish:github', 'catalog:register', 'catalog:write',
      'debug:log', 'debug:wait', 'toolchain:provision-ai-access', 'gate:approval', 'gate:wait-for']) {
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    }
    assert.deepEqual(ids, [...ids].sort());
    const fetchTemplate = actions.find(a => a.id === 'fetch:template');
    assert.deepEqual(fetchTemplate.schema.input.required, ['url']);
    assert.ok(fetchTemplate.examples.length >= 1);
  });

  await check('dryRun: files, log and output without a task', async () => {
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'inline' },
      spec: {
        type: 'service',
        parameters: [{ required: ['name'], properties: { name: { type: 'string' } } }],
        steps: [
          { id: 'fetch', action: 'fetch:template', input: { url: './skeleton', values: { name: '${{ parameters.name }}' } } },
          { id: 'publish', action: 'publish:git', input: { repoUrl: 'git.atrium.example?owner=o&repo=${{ parameters.name }}' } },
        ],
        output: { links: [{ title: 'Repo', url: '${{ steps.publish.output.remoteUrl }}' }] },
      },
    };
    const directoryContents = [
      { path: 'skeleton/README.md', base64Content: Buffer.from('# ${{ values.name }}\n').toString('base64') },
    ];
    const result = await client.dryRun({ template, values: { name: 'dry' }, secrets: {}, directoryContents });
    const readme = result.directoryContents.find(f => f.path === 'README.md');
    assert.equal(Buffer.from(readme.base64Content, 'base64').toString(), '# dry\n');
    assert.ok(result.log.some(l => /does not support dry-run/.test(l.body.message)));
    assert.equal(result.output.links[0].url, 'dry-run-publish-remoteUrl');
    assert.deepEqual(result.steps.map(s => s.id), ['fetch', 'publish']);
  });

  await check('cancelTask: a running task stops', async () => {
    const { taskId: slow } = await client.scaffold({ templateRef: SLOW_REF, values: {} });
    await waitForStatus(slow, ['processing']);
    assert.deepEqual(await client.cancelTask(slow), { status: 'cancelled' });
    const task = await waitForStatus(slow, ['cancelled'], 30_000);
    assert.equal(task.status, 'cancelled');
    const events = await collect(client, slow);
    assert.ok(events.some(e => e.type === 'cancelled'));
  });

  await check('retry: a failed task runs again from the failed step', async () => {
    const { taskId: failing } = await client.scaffold({ templateRef: FAILING_REF, values: {} });
    const failed = await waitForStatus(failing, ['failed']);
    assert.equal(failed.status, 'failed');
    const before = await collect(polling, failing);
    const lastId = before[before.length - 1].id;
    assert.deepEqual(await client.retry(failing), { id: failing });
    assert.notEqual((await client.getTask(failing)).status, 'failed', 'retry reopens the task at once');
    await waitForStatus(failing, ['failed']);
    const events = await new Promise((resolve, reject) => {
      const got = [];
      const sub = polling.streamLogs({ taskId: failing, after: lastId }).subscribe({
        next: e => got.push(e), error: reject, complete: () => resolve(got),
      });
      setTimeout(() => { sub.unsubscribe(); reject(new Error('retry stream did not complete')); }, 60_000);
    });
    const messages = events.map(e => e.body.message);
    assert.ok(messages.some(m => /Retrying task from step broken/.test(m)), messages.join('\n'));
    assert.ok(messages.includes('Beginning step Fetch a skeleton that is not there'), messages.join('\n'));
    assert.ok(!messages.includes('first step'), 'completed steps are not run again');
  });

  await check('listTemplatingExtensions: Backstage filters', async () => {
    const { filters } = await client.listTemplatingExtensions();
    for (const f of ['parseRepoUrl', 'parseEntityRef', 'pick', 'projectSlug']) {
      assert.ok(filters[f], f);
    }
  });
}

try {
  await main();
  console.log(`\nScaffolderClient compatibility: ${passed.length} checks passed, ${requests} requests against ${BASE_URL}`);
  process.exit(0);
} catch {
  console.error(`\nScaffolderClient compatibility: FAILED after ${passed.length} passing checks`);
  process.exit(1);
}
