import { describe, it, expect } from 'vitest';
import { matchPattern, matchRoute, parseHashString, RouteDef } from '../src/routes';

const r = (pattern: string): RouteDef => ({ pattern, render: () => undefined });
const TABLE = [r('/login'), r('/'), r('/runs'), r('/runs/compare'), r('/review/:run*'), r('/units/:unit/household'), r('/units/:unit*')];

describe('route matching', () => {
  it('splits path and query', () => {
    const x = parseHashString('#/units/u1?run=abc&from=5');
    expect(x.path).toBe('/units/u1');
    expect(x.query.get('run')).toBe('abc');
    expect(x.query.get('from')).toBe('5');
    expect(parseHashString('').path).toBe('/');
    expect(parseHashString('#/login?next=%23%2Funits%2Fu1%3Frun%3Dx').query.get('next')).toBe('#/units/u1?run=x');
  });
  it('matches literal routes before parameter routes', () => {
    expect(matchRoute(TABLE, '/runs/compare')!.def.pattern).toBe('/runs/compare');
    expect(matchRoute(TABLE, '/')!.def.pattern).toBe('/');
    expect(matchRoute(TABLE, '/nope')).toBeNull();
    expect(matchRoute(TABLE, '/runs/x/y')).toBeNull();
  });
  it('decodes parameters, including unit ids with a slash', () => {
    expect(matchRoute(TABLE, '/units/unit-0001')!.params).toEqual({ unit: 'unit-0001' });
    expect(matchRoute(TABLE, '/units/site%2Fa')!.params).toEqual({ unit: 'site/a' });
    expect(matchRoute(TABLE, '/units/site/a')!.params).toEqual({ unit: 'site/a' });
    const hh = matchRoute(TABLE, '/units/unit-0002/household')!;
    expect(hh.def.pattern).toBe('/units/:unit/household');
    expect(hh.params.unit).toBe('unit-0002');
    expect(matchRoute(TABLE, '/units/a%20b')!.params.unit).toBe('a b');
  });
  it('keeps a malformed escape as it is instead of throwing', () => {
    expect(matchPattern('/units/:unit', '/units/%E0%A4%A')).toEqual({ unit: '%E0%A4%A' });
  });
  it('needs every segment', () => {
    expect(matchPattern('/units/:unit/household', '/units/x')).toBeNull();
    expect(matchPattern('/units/:unit*', '/units')).toBeNull();
  });
});
