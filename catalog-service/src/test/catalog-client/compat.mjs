// Runs the official @backstage/catalog-client, unchanged, against a running catalog-service.
//
//   BASE_URL   e.g. http://localhost:8081/api/catalog
//   TOKEN      a bearer token with platform-admin rights
//   FIXTURES   absolute path of src/test/resources/fixtures (default: resolved from this file)
//
// Expects fixtures/compat/catalog-info.yaml to be registered and ingested (CatalogClientCompatTest
// does that). Every check asserts on real content; the first failure ends the run with exit code 1.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogClient, CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef, stringifyLocationRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

const BASE_URL = required('BASE_URL').replace(/\/+$/, '');
const TOKEN = required('TOKEN');
const FIXTURES = process.env.FIXTURES
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/fixtures');
const COMPAT = path.join(FIXTURES, 'compat');
const EXTRA = path.join(COMPAT, 'extra', 'catalog-info.yaml');

const NS = 'compat';
const COMPONENTS = ['cart-service', 'checkout-service', 'inventory-service', 'money-lib', 'pricing-service', 'shop-web'];

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return v;
}

let requests = 0;
const discoveryApi = { getBaseUrl: async () => BASE_URL };
const catalog = new CatalogClient({
  discoveryApi,
  fetchApi: {
    fetch: (url, init) => {
      requests++;
      return fetch(url, { ...init, headers: { ...(init?.headers ?? {}), Authorization: `Bearer ${TOKEN}` } });
    },
  },
});
// The same client without credentials, and one using the per-call { token } option instead.
const anonymous = new CatalogClient({ discoveryApi, fetchApi: { fetch: (url, init) => fetch(url, init) } });

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

/** Asserts that the promise rejects with a ResponseError of that status and server error name. */
async function rejectsWith(promise, statusCode, errorName) {
  await assert.rejects(promise, e => {
    assert.ok(ResponseError.is(e), `expected a ResponseError, got ${e?.name}: ${e?.message}`);
    assert.equal(e.statusCode, statusCode, `status of ${e.message}: ${JSON.stringify(e.body)}`);
    if (errorName) {
      assert.equal(e.cause.name, errorName);
      assert.equal(e.body.error.name, errorName);
    }
    assert.equal(e.body.response.statusCode, statusCode);
    return true;
  });
}

const names = entities => entities.map(e => e.metadata.name);
const relationTargets = (entity, type) =>
  (entity.relations ?? []).filter(r => r.type === type).map(r => r.targetRef).sort();
const generatedLocationRef = (type, target) =>
  `location:default/generated-${createHash('sha1').update(`${type}:${target}`).digest('hex')}`;

async function waitFor(what, fn, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

async function main() {
  // ---- reads --------------------------------------------------------------------------------
  await check('getEntities: filter, AND/OR, existence', async () => {
    const { items } = await catalog.getEntities({ filter: { kind: 'component', 'metadata.namespace': NS } });
    assert.deepEqual(names(items).sort(), COMPONENTS);
    for (const e of items) {
      assert.equal(e.kind, 'Component');
      assert.equal(e.metadata.namespace, NS);
      assert.match(e.metadata.uid, /^[0-9a-f-]{36}$/);
      assert.ok(e.metadata.etag);
    }
    const services = await catalog.getEntities({
      filter: { kind: 'Component', 'metadata.namespace': NS, 'spec.type': 'SERVICE', 'spec.lifecycle': ['production', 'experimental'] },
    });
    assert.deepEqual(names(services.items).sort(), ['cart-service', 'checkout-service', 'inventory-service', 'pricing-service']);
    const either = await catalog.getEntities({
      filter: [
        { kind: 'api', 'metadata.namespace': NS },
        { kind: 'resource', 'metadata.namespace': NS },
      ],
    });
    assert.deepEqual(names(either.items).sort(), ['cart-api', 'cart-db', 'pricing-events']);
    const described = await catalog.getEntities({
      filter: { kind: 'component', 'metadata.namespace': NS, 'metadata.description': CATALOG_FILTER_EXISTS },
    });
    assert.deepEqual(names(described.items).sort(), ['cart-service', 'shop-web']);
    const byTag = await catalog.getEntities({ filter: { 'metadata.namespace': NS, 'metadata.tags': 'java' } });
    assert.deepEqual(names(byTag.items).sort(), ['cart-service', 'checkout-service', 'inventory-service', 'money-lib']);
    const byRelation = await catalog.getEntities({ filter: { 'relations.ownedBy': `group:${NS}/team-b` } });
    assert.deepEqual(names(byRelation.items).sort(), ['inventory-service', 'pricing-events', 'pricing-service', 'shop-web']);
  });

  await check('getEntities: fields, order, offset/limit', async () => {
    const filter = { kind: 'component', 'metadata.namespace': NS };
    const { items } = await catalog.getEntities({
      filter,
      fields: ['kind', 'metadata.name', 'spec.owner'],
      order: [{ field: 'spec.owner', order: 'desc' }, { field: 'metadata.name', order: 'asc' }],
    });
    assert.deepEqual(items.map(e => `${e.spec.owner}/${e.metadata.name}`), [
      'team-b/inventory-service', 'team-b/pricing-service', 'team-b/shop-web',
      'team-a/cart-service', 'team-a/checkout-service', 'team-a/money-lib',
    ]);
    for (const e of items) {
      assert.deepEqual(Object.keys(e).sort(), ['kind', 'metadata', 'spec']);
      assert.deepEqual(Object.keys(e.metadata), ['name']);
      assert.deepEqual(Object.keys(e.spec), ['owner']);
    }
    const desc = await catalog.getEntities({ filter, fields: ['metadata.name'], order: { field: 'metadata.name', order: 'desc' } });
    assert.deepEqual(names(desc.items), [...COMPONENTS].reverse());
    const page = await catalog.getEntities({
      filter, fields: ['metadata.name'], order: { field: 'metadata.name', order: 'asc' }, offset: 2, limit: 3,
    });
    assert.deepEqual(names(page.items), COMPONENTS.slice(2, 5));
    const last = await catalog.getEntities({
      filter, fields: ['metadata.name'], order: { field: 'metadata.name', order: 'asc' }, offset: 5, limit: 3,
    });
    assert.deepEqual(names(last.items), ['shop-web']);
  });

  await check('getEntities: invalid input is a 400 ResponseError', async () => {
    await rejectsWith(catalog.getEntities({ filter: { kind: 'component' }, limit: -1 }), 400, 'InputError');
    await rejectsWith(catalog.getEntities({ fields: ['metadata.tags[0]'] }), 400, 'InputError');
  });

  await check('getEntitiesByRefs: order, missing, fields, filter', async () => {
    const entityRefs = [`component:${NS}/cart-service`, `api:${NS}/nope`, `api:${NS}/cart-api`, `group:${NS}/team-a`];
    const { items } = await catalog.getEntitiesByRefs({ entityRefs });
    assert.equal(items.length, 4);
    assert.equal(items[0].metadata.name, 'cart-service');
    assert.equal(items[1], undefined);
    assert.equal(items[2].kind, 'API');
    assert.deepEqual(relationTargets(items[3], 'hasMember'), [`user:${NS}/dana`]);
    const projected = await catalog.getEntitiesByRefs({ entityRefs, fields: ['kind', 'metadata.name'] });
    assert.deepEqual(projected.items, [
      { kind: 'Component', metadata: { name: 'cart-service' } },
      undefined,
      { kind: 'API', metadata: { name: 'cart-api' } },
      { kind: 'Group', metadata: { name: 'team-a' } },
    ]);
    const filtered = await catalog.getEntitiesByRefs({ entityRefs, fields: ['metadata.name'], filter: { kind: 'api' } });
    assert.deepEqual(filtered.items, [undefined, undefined, { metadata: { name: 'cart-api' } }, undefined]);
    // More refs than one request chunk of the client (it splits large batches itself).
    const many = Array.from({ length: 450 }, (_, i) => (i % 3 === 0 ? `component:${NS}/shop-web` : `component:${NS}/missing-${i}`));
    const big = await catalog.getEntitiesByRefs({ entityRefs: many, fields: ['metadata.name'] });
    assert.equal(big.items.length, 450);
    assert.equal(big.items.filter(Boolean).length, 150);
    assert.deepEqual(big.items[447], { metadata: { name: 'shop-web' } });
    assert.equal(big.items[448], undefined);
  });

  await check('queryEntities: filter, orderFields, limit, cursor paging, totalItems', async () => {
    const first = await catalog.queryEntities({
      filter: { kind: 'component', 'metadata.namespace': NS },
      orderFields: { field: 'metadata.name', order: 'asc' },
      fields: ['kind', 'metadata.name'],
      limit: 2,
    });
    assert.equal(first.totalItems, COMPONENTS.length);
    assert.deepEqual(names(first.items), COMPONENTS.slice(0, 2));
    assert.equal(first.pageInfo.prevCursor, undefined);
    assert.ok(first.pageInfo.nextCursor, 'first page has a nextCursor');
    const seen = [...names(first.items)];
    let page = first;
    let pages = 1;
    let second;
    while (page.pageInfo.nextCursor) {
      page = await catalog.queryEntities({ cursor: page.pageInfo.nextCursor, limit: 2, fields: ['metadata.name'] });
      pages++;
      second ??= page;
      assert.equal(page.totalItems, COMPONENTS.length, 'totalItems is carried in the cursor');
      assert.ok(page.pageInfo.prevCursor, 'later pages have a prevCursor');
      for (const e of page.items) {
        assert.deepEqual(Object.keys(e), ['metadata']);
      }
      seen.push(...names(page.items));
      assert.ok(pages <= 10, 'paging terminates');
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, COMPONENTS);
    const back = await catalog.queryEntities({ cursor: second.pageInfo.prevCursor, limit: 2, fields: ['metadata.name'] });
    assert.deepEqual(names(back.items), COMPONENTS.slice(0, 2));

    const descending = await catalog.queryEntities({
      filter: { kind: 'component', 'metadata.namespace': NS },
      orderFields: [{ field: 'metadata.name', order: 'desc' }],
      limit: 100,
    });
    assert.deepEqual(names(descending.items), [...COMPONENTS].reverse());
    assert.equal(descending.pageInfo.nextCursor, undefined);

    const countOnly = await catalog.queryEntities({ filter: { 'metadata.namespace': NS, kind: ['api', 'resource'] }, limit: 0 });
    assert.deepEqual(countOnly.items, []);
    assert.equal(countOnly.totalItems, 3);

    const uncounted = await catalog.queryEntities({
      filter: { kind: 'component', 'metadata.namespace': NS },
      orderFields: { field: 'metadata.name', order: 'asc' },
      fields: ['metadata.name'],
      limit: 4,
      totalItems: 'exclude',
    });
    assert.equal(uncounted.totalItems, 0, "totalItems: 'exclude' skips the count");
    assert.deepEqual(names(uncounted.items), COMPONENTS.slice(0, 4));
    const rest = await catalog.queryEntities({ cursor: uncounted.pageInfo.nextCursor, limit: 4 });
    assert.deepEqual(names(rest.items), COMPONENTS.slice(4));
    assert.equal(rest.totalItems, 0);
  });

  await check('queryEntities: fullTextFilter and offset', async () => {
    const r = await catalog.queryEntities({
      filter: { 'metadata.namespace': NS },
      fullTextFilter: { term: '  SERVICE ', fields: ['metadata.name'] },
      orderFields: { field: 'metadata.name', order: 'asc' },
    });
    assert.deepEqual(names(r.items), ['cart-service', 'checkout-service', 'inventory-service', 'pricing-service']);
    assert.equal(r.totalItems, 4);
    const byTitle = await catalog.queryEntities({
      filter: { 'metadata.namespace': NS },
      fullTextFilter: { term: 'store', fields: ['metadata.description', 'metadata.title'] },
    });
    assert.deepEqual(names(byTitle.items), ['shop-web']);
    const defaultField = await catalog.queryEntities({
      filter: { kind: 'component', 'metadata.namespace': NS },
      orderFields: { field: 'metadata.name', order: 'asc' },
      fullTextFilter: { term: 'lib' },
    });
    assert.deepEqual(names(defaultField.items), ['money-lib']);
    const offset = await catalog.queryEntities({
      filter: { kind: 'component', 'metadata.namespace': NS },
      orderFields: { field: 'metadata.name', order: 'asc' },
      offset: 4,
      limit: 10,
    });
    assert.deepEqual(names(offset.items), COMPONENTS.slice(4));
    await rejectsWith(
      catalog.queryEntities({ filter: { kind: 'component' }, orderFields: { field: 'metadata.name', order: 'sideways' } }),
      400, 'InputError');
  });

  await check('streamEntities: pages through queryEntities', async () => {
    const pages = [];
    for await (const page of catalog.streamEntities({
      filter: { kind: 'component', 'metadata.namespace': NS },
      orderFields: { field: 'metadata.name', order: 'asc' },
      fields: ['metadata.name'],
      pageSize: 4,
    })) {
      pages.push(names(page));
    }
    assert.deepEqual(pages, [COMPONENTS.slice(0, 4), COMPONENTS.slice(4)]);
  });

  await check('getEntityByRef: string and compound refs, relations, missing is undefined', async () => {
    const cart = await catalog.getEntityByRef(`component:${NS}/cart-service`);
    assert.equal(cart.metadata.title, 'Cart service');
    assert.equal(cart.spec.owner, 'team-a');
    assert.deepEqual(relationTargets(cart, 'ownedBy'), [`group:${NS}/team-a`]);
    assert.deepEqual(relationTargets(cart, 'partOf'), [`system:${NS}/shop`]);
    assert.deepEqual(relationTargets(cart, 'providesApi'), [`api:${NS}/cart-api`]);
    assert.deepEqual(relationTargets(cart, 'dependsOn'), [`resource:${NS}/cart-db`]);
    const compound = await catalog.getEntityByRef({ kind: 'Component', namespace: NS, name: 'Cart-Service' });
    assert.equal(compound.metadata.uid, cart.metadata.uid);
    assert.equal(stringifyEntityRef(compound), `component:${NS}/cart-service`);
    const api = await catalog.getEntityByRef(`api:${NS}/cart-api`);
    assert.deepEqual(relationTargets(api, 'apiProvidedBy'), [`component:${NS}/cart-service`]);
    assert.deepEqual(relationTargets(api, 'apiConsumedBy'), [`component:${NS}/checkout-service`, `component:${NS}/shop-web`]);
    const team = await catalog.getEntityByRef(`group:${NS}/team-a`);
    assert.deepEqual(relationTargets(team, 'childOf'), [`group:${NS}/platform`]);
    assert.deepEqual(relationTargets(team, 'hasMember'), [`user:${NS}/dana`]);
    assert.ok(relationTargets(team, 'ownerOf').includes(`component:${NS}/money-lib`));
    const system = await catalog.getEntityByRef({ kind: 'system', namespace: NS, name: 'shop' });
    assert.deepEqual(relationTargets(system, 'partOf'), [`domain:${NS}/commerce`]);
    assert.equal(await catalog.getEntityByRef(`component:${NS}/no-such-thing`), undefined);
    assert.equal(await catalog.getEntityByRef({ kind: 'component', namespace: 'nowhere', name: 'cart-service' }), undefined);
    assert.equal((await catalog.getEntityByName({ kind: 'Component', namespace: NS, name: 'shop-web' })).spec.type, 'website');
  });

  await check('getEntityAncestors: chain up to the registered location', async () => {
    const r = await catalog.getEntityAncestors({ entityRef: `component:${NS}/cart-service` });
    assert.equal(r.rootEntityRef, `component:${NS}/cart-service`);
    const byRef = new Map(r.items.map(i => [stringifyEntityRef(i.entity), i.parentEntityRefs]));
    const registered = generatedLocationRef('file', path.join(COMPAT, 'catalog-info.yaml'));
    assert.deepEqual([...byRef.keys()], [`component:${NS}/cart-service`, `location:${NS}/compat-catalog`, registered]);
    assert.deepEqual(byRef.get(`component:${NS}/cart-service`), [`location:${NS}/compat-catalog`]);
    assert.deepEqual(byRef.get(`location:${NS}/compat-catalog`), [registered]);
    assert.deepEqual(byRef.get(registered), []);
    await rejectsWith(catalog.getEntityAncestors({ entityRef: `component:${NS}/no-such-thing` }), 404, 'NotFoundError');
  });

  await check('getEntityFacets: counts per value, with and without filter', async () => {
    const { facets } = await catalog.getEntityFacets({
      facets: ['kind', 'spec.type', 'metadata.tags'],
      filter: { 'metadata.namespace': NS },
    });
    const asMap = list => Object.fromEntries(list.map(f => [f.value, f.count]));
    assert.deepEqual(asMap(facets.kind), { API: 2, Component: 6, Domain: 1, Group: 3, Location: 1, Resource: 1, System: 1, User: 1 });
    assert.deepEqual(asMap(facets['spec.type']), {
      asyncapi: 1, database: 1, department: 1, library: 1, openapi: 1, service: 4, team: 2, website: 1,
    });
    assert.deepEqual(asMap(facets['metadata.tags']), { java: 4, kotlin: 1, quarkus: 1, typescript: 1 });
    const teams = await catalog.getEntityFacets({ facets: ['spec.owner'], filter: { kind: 'component', 'metadata.namespace': NS } });
    assert.deepEqual(asMap(teams.facets['spec.owner']), { 'team-a': 3, 'team-b': 3 });
    const all = await catalog.getEntityFacets({ facets: ['metadata.namespace'] });
    assert.ok(asMap(all.facets['metadata.namespace'])[NS] >= 15);
  });

  await check('validateEntity: valid and invalid entities', async () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'validated-service', namespace: NS },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    };
    const location = 'url:https://git.example.com/acme/validated/blob/main/catalog-info.yaml';
    assert.deepEqual(await catalog.validateEntity(entity, location), { valid: true });
    const invalid = await catalog.validateEntity(
      { ...entity, metadata: { name: 'Not a valid name!' }, spec: { type: 'service', lifecycle: 'production' } }, location);
    assert.equal(invalid.valid, false);
    assert.ok(invalid.errors.length >= 2, JSON.stringify(invalid.errors));
    for (const err of invalid.errors) {
      assert.equal(typeof err.name, 'string');
      assert.equal(typeof err.message, 'string');
    }
    const text = JSON.stringify(invalid.errors);
    assert.match(text, /metadata\.name|name/);
    assert.match(text, /owner/);
    const noKind = await catalog.validateEntity({ apiVersion: 'backstage.io/v1alpha1', metadata: { name: 'x' } }, location);
    assert.equal(noKind.valid, false);
    assert.match(JSON.stringify(noKind.errors), /kind/);
  });

  await check('analyzeLocation: existing catalog file and a drafted entity', async () => {
    const existing = await catalog.analyzeLocation({ location: { type: 'file', target: COMPAT } });
    assert.deepEqual(existing.generateEntities, []);
    assert.equal(existing.existingEntityFiles.length, 1);
    const [file] = existing.existingEntityFiles;
    assert.equal(file.entity.kind, 'Location');
    assert.equal(file.entity.metadata.name, 'compat-catalog');
    assert.equal(file.isRegistered, true);
    assert.equal(file.location.type, 'file');
    assert.equal(file.location.target, path.join(COMPAT, 'catalog-info.yaml'));
    const draft = await catalog.analyzeLocation({ location: { type: 'file', target: path.join(COMPAT, 'draft-repo') } });
    assert.deepEqual(draft.existingEntityFiles, []);
    assert.equal(draft.generateEntities.length, 1);
    const [{ entity, fields }] = draft.generateEntities;
    assert.equal(entity.kind, 'Component');
    assert.equal(entity.metadata.name, 'draft-repo');
    assert.equal(entity.spec.owner, 'team-b');
    assert.equal(entity.spec.type, 'service');
    assert.deepEqual(entity.spec.providesApis, ['stock']);
    assert.equal(fields.find(f => f.field === 'spec.owner').state, 'analysisSuggestedValue');
    await rejectsWith(catalog.analyzeLocation({ location: { type: 'url', target: 'not a url' } }), 400);
  });

  // ---- writes -------------------------------------------------------------------------------
  await check('addLocation / locations / refresh / removeEntityByUid / removeLocationById', async () => {
    const ref = stringifyLocationRef({ type: 'file', target: EXTRA });
    const stale = await catalog.getLocationByRef(ref);
    if (stale) {
      await catalog.removeLocationById(stale.id);
    }

    const dry = await catalog.addLocation({ type: 'file', target: EXTRA, dryRun: true });
    assert.equal(dry.exists, false);
    assert.equal(dry.location.id, ref);
    assert.equal(dry.location.target, EXTRA);
    assert.deepEqual(dry.entities.map(e => stringifyEntityRef(e)),
      [generatedLocationRef('file', EXTRA), 'component:compat-extra/nightly-job']);
    assert.equal(dry.entities[1].metadata.annotations['backstage.io/managed-by-location'], ref);
    assert.equal(await catalog.getLocationByRef(ref), undefined, 'a dry run stores nothing');

    const added = await catalog.addLocation({ type: 'file', target: EXTRA });
    const { id } = added.location;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(added.location.type, 'file');
    assert.equal(added.location.target, EXTRA);
    assert.equal(added.location.entityRef, generatedLocationRef('file', EXTRA));
    assert.deepEqual(added.entities, []);
    await rejectsWith(catalog.addLocation({ type: 'file', target: EXTRA }), 409, 'ConflictError');
    await rejectsWith(catalog.addLocation({ type: 'file', target: EXTRA, onConflict: 'reject' }), 409, 'ConflictError');
    const refreshed = await catalog.addLocation({ type: 'file', target: EXTRA, onConflict: 'refresh' });
    assert.deepEqual(refreshed.location, added.location);
    assert.deepEqual(refreshed.entities, []);
    assert.equal((await catalog.addLocation({ type: 'file', target: EXTRA, dryRun: true })).exists, true);
    await rejectsWith(catalog.addLocation({ type: 'file', target: path.join(COMPAT, 'nope.yaml') }), 404, 'NotFoundError');
    await rejectsWith(catalog.addLocation({ type: 'file', target: '/etc/passwd' }), 403, 'NotAllowedError');

    const byId = await catalog.getLocationById(id);
    assert.deepEqual(byId, added.location);
    assert.deepEqual(await catalog.getLocationByRef(ref), added.location);
    const { items } = await catalog.getLocations();
    assert.ok(items.length >= 2);
    assert.deepEqual(items.find(l => l.id === id), added.location);
    const compat = items.find(l => l.target === path.join(COMPAT, 'catalog-info.yaml'));
    assert.ok(compat, 'the compat fixture location is listed');
    assert.equal(compat.entityRef, generatedLocationRef('file', compat.target));
    assert.equal(await catalog.getLocationById('00000000-0000-4000-8000-000000000000'), undefined);

    const job = await waitFor('nightly-job to be ingested', () => catalog.getEntityByRef('component:compat-extra/nightly-job'));
    assert.deepEqual(relationTargets(job, 'ownedBy'), [`group:${NS}/team-a`]);
    assert.equal(job.metadata.annotations['backstage.io/managed-by-origin-location'], ref);
    assert.deepEqual(await catalog.getLocationByEntity('component:compat-extra/nightly-job'), added.location);
    assert.deepEqual(await catalog.getLocationByEntity({ kind: 'Component', namespace: 'compat-extra', name: 'nightly-job' }), added.location);
    assert.equal((await catalog.getLocationByEntity(`component:${NS}/cart-service`)).target, path.join(COMPAT, 'catalog-info.yaml'));
    assert.equal(await catalog.getLocationByEntity('component:compat-extra/no-such-thing'), undefined);
    const ancestry = await catalog.getEntityAncestors({ entityRef: 'component:compat-extra/nightly-job' });
    assert.deepEqual(ancestry.items.map(i => stringifyEntityRef(i.entity)),
      ['component:compat-extra/nightly-job', added.location.entityRef]);

    await catalog.refreshEntity('component:compat-extra/nightly-job');
    await catalog.refreshEntity(`component:${NS}/cart-service`, { token: TOKEN });
    await rejectsWith(catalog.refreshEntity('component:compat-extra/no-such-thing'), 404, 'NotFoundError');

    await catalog.removeEntityByUid(job.metadata.uid);
    assert.equal(await catalog.getEntityByRef('component:compat-extra/nightly-job'), undefined);
    await rejectsWith(catalog.removeEntityByUid(job.metadata.uid), 404, 'NotFoundError');

    await catalog.removeLocationById(id);
    assert.equal(await catalog.getLocationById(id), undefined);
    assert.equal(await catalog.getLocationByRef(ref), undefined);
    assert.ok(!(await catalog.getLocations()).items.some(l => l.id === id));
    await rejectsWith(catalog.removeLocationById(id), 404, 'NotFoundError');
  });

  await check('methods the service does not implement fail with a ResponseError', async () => {
    // Predicate queries (POST /entities/by-query, /entity-facets), queryLocations/streamLocations
    // (POST /locations/by-query) and updateLocation (PUT /locations/{id}) are not served.
    const notServed = e => ResponseError.is(e) && [404, 405].includes(e.statusCode);
    await assert.rejects(catalog.queryEntities({ query: { kind: 'component' } }), notServed);
    await assert.rejects(catalog.getEntityFacets({ facets: ['kind'], query: { kind: 'component' } }), notServed);
    await assert.rejects(catalog.queryLocations({ limit: 5 }), notServed);
    await assert.rejects(catalog.updateLocation('00000000-0000-4000-8000-000000000000', { type: 'file', target: EXTRA }), notServed);
  });

  await check('credentials: missing token is 401, per-call { token } option works', async () => {
    await rejectsWith(anonymous.getEntities({ filter: { kind: 'component' } }), 401);
    const viaOption = await anonymous.getEntityByRef(`component:${NS}/shop-web`, { token: TOKEN });
    assert.equal(viaOption.spec.owner, 'team-b');
  });
}

try {
  await main();
  console.log(`\n@backstage/catalog-client compatibility: ${passed.length} checks passed, ${requests} requests against ${BASE_URL}`);
} catch {
  console.error(`\n@backstage/catalog-client compatibility: FAILED after ${passed.length} passing checks`);
  process.exit(1);
}
