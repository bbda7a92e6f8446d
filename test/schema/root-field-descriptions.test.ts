import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';

describe('root fields', () => {
  it('each has a description, which GraphiQL’s docs explorer shows', () => {
    const undescribed = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.values(type?.getFields() ?? {})
        .filter((field) => !field.description?.trim())
        .map((field) => `${type!.name}.${field.name}`),
    );
    expect(undescribed).toEqual([]);
  });
});
