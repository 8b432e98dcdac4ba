/**
 * The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of every body the
 * HTTP routes answer. The route table ({@link ./routes.ts}) names one per
 * route; the OpenAPI document puts them under `components.schemas`.
 */

/** A JSON Schema object, as far as icewall writes them. */
export type JsonSchema = { readonly [key: string]: unknown };

const count = { type: 'integer', minimum: 0 } as const;
const day = { type: 'integer', minimum: 1 } as const;

/** `components.schemas`: every body, by name. */
export const SCHEMAS = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: { type: 'string', description: 'one line: what, where, the value and the rule' },
      routes: {
        type: 'array',
        items: { type: 'string' },
        description: 'with a 404 for an unknown route: the valid routes',
      },
    },
  },
  DayIce: {
    type: 'object',
    required: ['day', 'ice_amount'],
    properties: { day, ice_amount: { ...count, description: 'cubic yards' } },
  },
  DayCost: {
    type: 'object',
    required: ['day', 'cost'],
    properties: { day, cost: { ...count, description: 'Gold Dragons on days 1 to day' } },
  },
  TotalCost: {
    type: 'object',
    required: ['day', 'cost'],
    properties: { day: { type: 'null' }, cost: { ...count, description: 'Gold Dragons' } },
  },
  ProfileSummary: {
    type: 'object',
    required: ['profile', 'sections', 'days', 'ice', 'cost'],
    properties: { profile: day, sections: count, days: count, ice: count, cost: count },
  },
  ProfilePage: {
    type: 'object',
    required: ['profiles', 'total', 'next'],
    properties: {
      profiles: { type: 'array', items: { $ref: '#/components/schemas/ProfileSummary' } },
      total: count,
      next: { type: ['string', 'null'], description: 'the next page, or null on the last' },
    },
  },
  Simulation: {
    type: 'object',
    required: ['days', 'ice', 'cost', 'profiles'],
    properties: {
      days: count,
      ice: count,
      cost: count,
      profiles: { type: 'array', items: { $ref: '#/components/schemas/ProfileSummary' } },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'days', 'profiles'],
    properties: { status: { const: 'ok' }, days: count, profiles: count },
  },
  Index: {
    type: 'object',
    required: ['name', 'days', 'routes'],
    properties: {
      name: { const: 'icewall' },
      days: count,
      routes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'what'],
          properties: { path: { type: 'string' }, what: { type: 'string' } },
        },
      },
    },
  },
  OpenApi: {
    type: 'object',
    required: ['openapi', 'info', 'paths'],
    properties: {
      openapi: { type: 'string' },
      info: { type: 'object' },
      paths: { type: 'object' },
    },
  },
} as const satisfies Record<string, JsonSchema>;

/** The name of a body schema. */
export type SchemaName = keyof typeof SCHEMAS;
