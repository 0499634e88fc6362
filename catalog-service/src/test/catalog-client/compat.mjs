// Runs the official @backstage/catalog-client, unchanged, against a running catalog-service.
//
//   BASE_URL   e.g. http://localhost:8081/api/catalog
//   TOKEN      the caller's bearer token
//   ROLE       admin (TOKEN has platform-admin rights) or member (TOKEN is a member of team-a,
//              the owner of the compat-extra entities, and of nothing else)
//   FIXTURES   absolute path of src/test/resources/fixtures (default: resolved from this file)
//
// Expects fixtures/compat/catalog-info.yaml to be registered by someone else and ingested
// (CatalogClientCompatTest does that). Every check asserts on real content; the first failure ends
// the run with exit code 1. Every client method is called; none may fail.

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
const EXTRA2 = path.join(COMPAT, 'extra2', 'catalog-info.yaml');
const ROLE = process.env.ROLE ?? 'admin';
if (!['admin', 'member'].includes(ROLE)) {
  console.error(`ROLE must be admin or member, not ${ROLE}`);
  process.exit(2);
}

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
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const COMPONENT_FILTER = { kind: 'component', 'metadata.namespace': NS };

/** Walks a query to its last page with nextCursor and back to the first with prevCursor. */
async function walk(request, limit) {
  const forward = [];
  let page = await catalog.queryEntities({ ...request, limit });
  const totalItems = page.totalItems;
  assert.equal(page.pageInfo.prevCursor, undefined, 'the first page has no prevCursor');
  forward.push(page);
  while (page.pageInfo.nextCursor) {
    page = await catalog.queryEntities({ cursor: page.pageInfo.nextCursor, limit, fields: request.fields });
    forward.push(page);
    assert.ok(forward.length <= 50, 'paging terminates');
  }
  const backward = [page];
  while (page.pageInfo.prevCursor) {
    page = await catalog.queryEntities({ cursor: page.pageInfo.prevCursor, limit, fields: request.fields });
    backward.unshift(page);
    assert.ok(backward.length <= 50, 'paging back terminates');
  }
  assert.equal(backward.length, forward.length, 'as many pages back as forward');
  for (let i = 0; i < forward.length; i++) {
    assert.deepEqual(names(backward[i].items), names(forward[i].items), `page ${i} walking back`);
    assert.equal(forward[i].totalItems, totalItems, 'totalItems is the same on every page');
    assert.equal(backward[i].totalItems, totalItems, 'totalItems is the same on every page, walking back');
  }
  assert.equal(backward[0].pageInfo.prevCursor, undefined, 'back on the first page, there is no prevCursor');
  assert.ok(forward.slice(0, -1).every(p => p.items.length === limit), 'every page but the last is full');
  return { pages: forward.map(p => names(p.items)), all: forward.flatMap(p => names(p.items)), totalItems };
}
const relationTargets = (entity, type) =>
  (entity.relations ?? []).filter(r => r.type === type).map(r => r.targetRef).sort();
const generatedLocationRef = (type, target) =>
  `location:default/generated-${createHash('sha1').update(`${type}:${target}`).digest('hex')}`;

/** When a registered location's own entity was last processed (GET /locations/{id}/status, an Atrium extension). */
async function lastProcessed(locationId) {
  const res = await fetch(`${BASE_URL}/locations/${locationId}/status`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  const at = (await res.json()).lastProcessedAt;
  return at ? Date.parse(at) : 0;
}

/**
 * Waits until the location was processed after `since`: a location removed while a pass is still
 * reading it is not what these checks are about.
 */
async function processedAfter(locationId, since) {
  await waitFor(`location ${locationId} to be processed again`, async () => (await lastProcessed(locationId)) > since);
}

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

  await check('getEntities: offset, limit and the after cursor of the Link header', async () => {
    const fields = ['metadata.name'];
    const order = { field: 'metadata.name', order: 'asc' };
    const first = await catalog.getEntities({ filter: COMPONENT_FILTER, fields, order, limit: 4 });
    assert.deepEqual(names(first.items), COMPONENTS.slice(0, 4));
    // the client passes `after` through; it comes from the Link header of the previous page
    const res = await fetch(`${BASE_URL}/entities?filter=kind=component,metadata.namespace=${NS}&fields=metadata.name&order=asc:metadata.name&limit=4`,
      { headers: { Authorization: `Bearer ${TOKEN}` } });
    const link = res.headers.get('link');
    assert.match(link, /rel="next"/);
    const after = new URL(link.slice(1, link.indexOf('>')), 'http://ignored').searchParams.get('after');
    const rest = await catalog.getEntities({ filter: COMPONENT_FILTER, fields, order, after });
    assert.deepEqual(names(rest.items), COMPONENTS.slice(4));
    const everything = await catalog.getEntities({ filter: COMPONENT_FILTER, fields, order });
    assert.deepEqual(names(everything.items), COMPONENTS, 'without a limit every match is returned');
    const skipped = await catalog.getEntities({ filter: COMPONENT_FILTER, fields, order, offset: 3 });
    assert.deepEqual(names(skipped.items), COMPONENTS.slice(3), 'an offset without a limit returns the rest');
    await rejectsWith(catalog.getEntities({ filter: COMPONENT_FILTER, limit: 2147483647 }), 400, 'InputError');
    await rejectsWith(catalog.getEntities({ filter: COMPONENT_FILTER, limit: 5, offset: 2000000000 }), 400, 'InputError');
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
    const byQuery = await catalog.getEntitiesByRefs({ entityRefs, fields: ['metadata.name'], query: { kind: { $in: ['api', 'group'] } } });
    assert.deepEqual(byQuery.items, [undefined, undefined, { metadata: { name: 'cart-api' } }, { metadata: { name: 'team-a' } }]);
    const both = await catalog.getEntitiesByRefs({
      entityRefs, fields: ['metadata.name'], filter: { kind: ['api', 'group'] }, query: { $not: { kind: 'api' } },
    });
    assert.deepEqual(both.items, [undefined, undefined, undefined, { metadata: { name: 'team-a' } }]);
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

  await check('queryEntities: orderFields asc, desc and several fields; cursors to the last page and back', async () => {
    const fields = ['metadata.name'];
    const asc = await walk({ filter: COMPONENT_FILTER, orderFields: { field: 'metadata.name', order: 'asc' }, fields }, 2);
    assert.deepEqual(asc.all, COMPONENTS);
    assert.equal(asc.totalItems, COMPONENTS.length);
    const desc = await walk({ filter: COMPONENT_FILTER, orderFields: [{ field: 'metadata.name', order: 'desc' }], fields }, 4);
    assert.deepEqual(desc.pages, [[...COMPONENTS].reverse().slice(0, 4), [...COMPONENTS].reverse().slice(4)]);
    const ownerDescNameAsc = await walk({
      filter: COMPONENT_FILTER,
      orderFields: [{ field: 'spec.owner', order: 'desc' }, { field: 'metadata.name', order: 'asc' }],
      fields,
    }, 2);
    assert.deepEqual(ownerDescNameAsc.all, [
      'inventory-service', 'pricing-service', 'shop-web', 'cart-service', 'checkout-service', 'money-lib']);
    const typeAscNameDesc = await walk({
      filter: COMPONENT_FILTER,
      orderFields: [{ field: 'spec.type', order: 'asc' }, { field: 'metadata.name', order: 'desc' }],
      fields,
    }, 3);
    assert.deepEqual(typeAscNameDesc.all, [
      'money-lib', 'pricing-service', 'inventory-service', 'checkout-service', 'cart-service', 'shop-web']);
    // entities lacking a field sort last in either direction
    for (const order of ['asc', 'desc']) {
      const titled = await walk({
        filter: COMPONENT_FILTER,
        orderFields: [{ field: 'metadata.description', order }, { field: 'metadata.name', order: 'asc' }],
        fields,
      }, 1);
      const described = order === 'asc' ? ['cart-service', 'shop-web'] : ['shop-web', 'cart-service'];
      assert.deepEqual(titled.all, [...described, 'checkout-service', 'inventory-service', 'money-lib', 'pricing-service']);
    }
    // every kind, default (uid) order, descending uid
    const everything = await walk({ filter: { 'metadata.namespace': NS }, fields }, 5);
    const uids = await catalog.getEntities({ filter: { 'metadata.namespace': NS }, fields: ['metadata.uid', 'metadata.name'] });
    assert.deepEqual(everything.all, [...uids.items].sort((a, b) => byName(a.metadata.uid, b.metadata.uid)).map(e => e.metadata.name));
    const uidDesc = await walk({ filter: { 'metadata.namespace': NS }, orderFields: { field: 'metadata.uid', order: 'desc' }, fields }, 4);
    assert.deepEqual(uidDesc.all, [...everything.all].reverse());
  });

  await check('queryEntities: fullTextFilter with and without orderFields, offset', async () => {
    const withOrder = await walk({
      filter: { 'metadata.namespace': NS },
      fullTextFilter: { term: 'service', fields: ['metadata.name'] },
      orderFields: { field: 'metadata.name', order: 'desc' },
      fields: ['metadata.name'],
    }, 3);
    assert.deepEqual(withOrder.all, ['pricing-service', 'inventory-service', 'checkout-service', 'cart-service']);
    assert.equal(withOrder.totalItems, 4);
    const withoutOrder = await catalog.queryEntities({ filter: { 'metadata.namespace': NS }, fullTextFilter: { term: 'STOREFRONT' } });
    assert.deepEqual(names(withoutOrder.items), ['shop-web'], 'default fields include the description');
    const defaultToSortField = await catalog.queryEntities({
      filter: { 'metadata.namespace': NS }, orderFields: { field: 'spec.type', order: 'asc' }, fullTextFilter: { term: 'web' },
    });
    assert.deepEqual(names(defaultToSortField.items), ['shop-web'], 'with orderFields and no fields the sort field is searched');
    const offset = await catalog.queryEntities({
      filter: COMPONENT_FILTER, orderFields: { field: 'metadata.name', order: 'desc' }, offset: 1, limit: 2, fields: ['metadata.name'],
    });
    assert.deepEqual(names(offset.items), ['pricing-service', 'money-lib']);
    assert.ok(offset.pageInfo.prevCursor, 'a page after an offset has a prevCursor');
    const before = await catalog.queryEntities({ cursor: offset.pageInfo.prevCursor, limit: 2 });
    assert.deepEqual(names(before.items), ['shop-web']);
  });

  await check('queryEntities: predicate query, its cursors and offset', async () => {
    const query = { $all: [{ kind: 'Component' }, { 'metadata.namespace': NS }, { $not: { 'spec.owner': 'team-a' } }] };
    const teamB = await walk({ query, orderFields: { field: 'metadata.name', order: 'desc' }, fields: ['metadata.name'] }, 2);
    assert.deepEqual(teamB.all, ['shop-web', 'pricing-service', 'inventory-service']);
    const first = await catalog.queryEntities({ query, limit: 1, fields: ['metadata.name'] });
    const decoded = JSON.parse(atob(first.pageInfo.nextCursor));
    assert.ok('query' in decoded, 'a predicate query cursor carries the query, so the client posts it back');
    const prefixed = await catalog.queryEntities({
      query: { 'metadata.name': { $hasPrefix: 'C' }, 'metadata.namespace': { $in: [NS, 'elsewhere'] } },
      orderFields: { field: 'metadata.name', order: 'asc' },
    });
    assert.deepEqual(names(prefixed.items), ['cart-api', 'cart-db', 'cart-service', 'checkout-service', 'commerce', 'compat-catalog']);
    const undescribed = await catalog.queryEntities({
      filter: COMPONENT_FILTER, query: { 'metadata.description': { $exists: false } }, orderFields: { field: 'metadata.name', order: 'asc' },
    });
    assert.deepEqual(names(undescribed.items), ['checkout-service', 'inventory-service', 'money-lib', 'pricing-service']);
    const java = await catalog.queryEntities({
      query: { 'metadata.namespace': NS, 'metadata.tags': { $contains: 'java' } }, orderFields: { field: 'metadata.name', order: 'asc' },
    });
    assert.deepEqual(names(java.items), ['cart-service', 'checkout-service', 'inventory-service', 'money-lib']);
    const ownedByB = await catalog.queryEntities({
      query: { relations: { $contains: { type: 'ownedBy', targetRef: `group:${NS}/team-b` } } },
      orderFields: { field: 'metadata.name', order: 'asc' },
    });
    assert.deepEqual(names(ownedByB.items), ['inventory-service', 'pricing-events', 'pricing-service', 'shop-web']);
    const either = await catalog.queryEntities({
      query: { $any: [{ kind: 'api', 'metadata.namespace': NS }, { kind: 'resource', 'metadata.namespace': NS }] },
      orderFields: { field: 'metadata.name', order: 'asc' },
      fullTextFilter: { term: 'cart', fields: ['metadata.name'] },
      totalItems: 'exclude',
    });
    assert.deepEqual(names(either.items), ['cart-api', 'cart-db']);
    assert.equal(either.totalItems, 0);
    const skipped = await catalog.queryEntities({ query, orderFields: { field: 'metadata.name', order: 'asc' }, offset: 2 });
    assert.deepEqual(names(skipped.items), ['shop-web']);
    await rejectsWith(catalog.queryEntities({ query: { kind: { $regex: '.*' } } }), 400, 'InputError');
    await rejectsWith(catalog.queryEntities({ query: { $all: [{ kind: 'component' }], kind: 'api' } }), 400, 'InputError');
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
    const orFilter = await catalog.getEntityFacets({
      facets: ['kind', 'spec.lifecycle'],
      filter: [{ kind: 'api', 'metadata.namespace': NS }, { kind: 'resource', 'metadata.namespace': NS }],
    });
    assert.deepEqual(asMap(orFilter.facets.kind), { API: 2, Resource: 1 });
    const byQuery = await catalog.getEntityFacets({
      facets: ['spec.owner', 'metadata.tags'],
      query: { kind: 'component', 'metadata.namespace': NS, 'spec.type': { $in: ['service', 'library'] } },
    });
    assert.deepEqual(asMap(byQuery.facets['spec.owner']), { 'team-a': 3, 'team-b': 2 });
    assert.deepEqual(asMap(byQuery.facets['metadata.tags']), { java: 4, kotlin: 1, quarkus: 1 });
    const queryAndFilter = await catalog.getEntityFacets({
      facets: ['metadata.name'], filter: COMPONENT_FILTER, query: { $not: { 'metadata.tags': 'java' } },
    });
    assert.deepEqual(asMap(queryAndFilter.facets['metadata.name']), { 'pricing-service': 1, 'shop-web': 1 });
    await rejectsWith(catalog.getEntityFacets({ facets: ['kind'], query: { kind: { $exists: 'yes' } } }), 400, 'InputError');
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

  // ---- writes ----------------------------------------------------------------------------
  await check('addLocation / locations / refresh / removeEntityByUid / removeLocationById', async () => {
    for (const target of [EXTRA, EXTRA2]) {
      const stale = await catalog.getLocationByRef(stringifyLocationRef({ type: 'file', target }));
      if (stale) {
        await catalog.removeLocationById(stale.id);
      }
    }
    const ref = stringifyLocationRef({ type: 'file', target: EXTRA });

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
    assert.deepEqual(ancestry.items.map(i => i.parentEntityRefs), [[added.location.entityRef], []]);

    const before = await lastProcessed(id);
    await catalog.refreshEntity('component:compat-extra/nightly-job');
    await catalog.refreshEntity(`component:${NS}/cart-service`, { token: TOKEN });
    await rejectsWith(catalog.refreshEntity('component:compat-extra/no-such-thing'), 404, 'NotFoundError');
    await processedAfter(id, before); // refreshing the entity makes its location due at once

    await catalog.removeEntityByUid(job.metadata.uid);
    assert.equal(await catalog.getEntityByRef('component:compat-extra/nightly-job'), undefined);
    await rejectsWith(catalog.removeEntityByUid(job.metadata.uid), 404, 'NotFoundError');

    await catalog.removeLocationById(id);
    assert.equal(await catalog.getLocationById(id), undefined);
    assert.equal(await catalog.getLocationByRef(ref), undefined);
    assert.ok(!(await catalog.getLocations()).items.some(l => l.id === id));
    await rejectsWith(catalog.removeLocationById(id), 404, 'NotFoundError');
  });

  await check('queryLocations / streamLocations: predicate, paging, totalItems', async () => {
    const added = (await catalog.addLocation({ type: 'file', target: EXTRA })).location;
    try {
      await waitFor('nightly-job to be ingested', () => catalog.getEntityByRef('component:compat-extra/nightly-job'));
      const { items: all } = await catalog.getLocations();
      const sortedIds = all.map(l => l.id).sort(byName);
      const first = await catalog.queryLocations({ limit: 1 });
      assert.equal(first.totalItems, all.length);
      assert.deepEqual(first.items.map(l => l.id), sortedIds.slice(0, 1), 'locations come in id order');
      assert.ok(first.pageInfo.nextCursor);
      const second = await catalog.queryLocations({ cursor: first.pageInfo.nextCursor });
      assert.deepEqual(second.items.map(l => l.id), sortedIds.slice(1, 2), 'the cursor keeps the page size');
      const streamed = [];
      for await (const page of catalog.streamLocations({ limit: 1 })) {
        assert.equal(page.length, 1);
        streamed.push(...page);
      }
      assert.deepEqual(streamed.map(l => l.id), sortedIds);
      assert.deepEqual(streamed.find(l => l.id === added.id), added);
      const everything = [];
      for await (const page of catalog.streamLocations()) {
        everything.push(...page);
      }
      assert.deepEqual(everything.map(l => l.id), sortedIds);

      const exact = await catalog.queryLocations({ query: { type: 'file', target: EXTRA } });
      assert.deepEqual(exact.items, [added]);
      assert.equal(exact.totalItems, 1);
      assert.deepEqual((await catalog.queryLocations({ query: { entityRef: added.entityRef } })).items, [added]);
      const inCompat = await catalog.queryLocations({
        query: { $all: [{ target: { $hasPrefix: COMPAT } }, { $not: { id: added.id } }] }, limit: 100,
      });
      assert.deepEqual(inCompat.items.map(l => l.target), [path.join(COMPAT, 'catalog-info.yaml')]);
      const streamedQuery = [];
      for await (const page of catalog.streamLocations({ query: { type: { $in: ['FILE'] } }, limit: 1 })) {
        streamedQuery.push(...page);
      }
      assert.deepEqual(streamedQuery.map(l => l.id).sort(byName), all.filter(l => l.type === 'file').map(l => l.id).sort(byName));
      assert.deepEqual((await catalog.queryLocations({ query: { type: 'git' } })).items, []);
      await rejectsWith(catalog.queryLocations({ query: { $bogus: 1 } }), 400, 'InputError');
      await rejectsWith(catalog.queryLocations({ limit: 0 }), 400, 'InputError');
      await rejectsWith(catalog.queryLocations({ cursor: 'bm90IGEgY3Vyc29y' }), 400, 'InputError');
    } finally {
      await catalog.removeLocationById(added.id);
    }
  });

  await check('updateLocation: another target, same id; conflicts, missing and refused targets', async () => {
    const added = (await catalog.addLocation({ type: 'file', target: EXTRA })).location;
    try {
      await waitFor('nightly-job to be ingested', () => catalog.getEntityByRef('component:compat-extra/nightly-job'));
      const updated = await catalog.updateLocation(added.id, { type: 'file', target: EXTRA2 });
      assert.deepEqual(updated, { id: added.id, type: 'file', target: EXTRA2, entityRef: generatedLocationRef('file', EXTRA2) });
      assert.deepEqual(await catalog.getLocationById(added.id), updated);
      const weekly = await waitFor('weekly-job to be ingested', () => catalog.getEntityByRef('component:compat-extra/weekly-job'));
      assert.equal(weekly.metadata.annotations['backstage.io/managed-by-origin-location'], `file:${EXTRA2}`);
      assert.equal(await catalog.getEntityByRef('component:compat-extra/nightly-job'), undefined, 'what only the old target held is gone');
      assert.equal(await catalog.getEntityByRef(added.entityRef), undefined, 'so is the old Location entity');
      assert.deepEqual(await catalog.getLocationByEntity('component:compat-extra/weekly-job'), updated);
      assert.deepEqual(await catalog.updateLocation(added.id, { type: 'file', target: EXTRA2 }), updated, 'an unchanged target changes nothing');
      await rejectsWith(catalog.updateLocation(added.id, { type: 'file', target: path.join(COMPAT, 'catalog-info.yaml') }), 409, 'ConflictError');
      await rejectsWith(catalog.updateLocation('00000000-0000-4000-8000-000000000000', { type: 'file', target: EXTRA }), 404, 'NotFoundError');
      await rejectsWith(catalog.updateLocation(added.id, { type: 'file', target: path.join(COMPAT, 'nope.yaml') }), 404, 'NotFoundError');
      await rejectsWith(catalog.updateLocation(added.id, { type: 'file', target: '/etc/passwd' }), 403, 'NotAllowedError');
      await rejectsWith(catalog.updateLocation(added.id, { type: 'carrier-pigeon', target: EXTRA }), 400, 'InputError');
      assert.deepEqual(await catalog.getLocationById(added.id), updated, 'refused updates change nothing');
      const compat = (await catalog.getLocations()).items.find(l => l.target === path.join(COMPAT, 'catalog-info.yaml'));
      if (ROLE === 'member') {
        // the compat fixtures hold Groups and a User, which only platform admins may change,
        // and this caller is only in team-a (which owns the commerce domain, so team-b's
        // components in it are within reach: two-tier ownership)
        await rejectsWith(catalog.updateLocation(compat.id, { type: 'file', target: EXTRA }), 403, 'NotAllowedError');
        await rejectsWith(catalog.removeLocationById(compat.id), 403, 'NotAllowedError');
        const teamB = await catalog.getEntityByRef(`group:${NS}/team-b`);
        await rejectsWith(catalog.removeEntityByUid(teamB.metadata.uid), 403, 'NotAllowedError');
        assert.ok(await catalog.getEntityByRef(`group:${NS}/team-b`));
      }
      assert.deepEqual(await catalog.getLocationById(compat.id), compat);
    } finally {
      await catalog.removeLocationById(added.id);
    }
    assert.equal(await catalog.getEntityByRef('component:compat-extra/weekly-job'), undefined);
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
