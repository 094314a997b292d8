import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRegions, shadeClass, type BoundaryFeature } from '../src/lib/geo/map';
import { SIGUN } from '../src/lib/regions';

const geo = JSON.parse(fs.readFileSync('content/geo/jeonbuk-sigun.geo.json', 'utf8')) as { features: BoundaryFeature[] };

describe('region map', () => {
  const { regions, height } = projectRegions(geo.features, 600, 640);
  const at = (name: string) => regions.find((r) => r.name === name)!.label;

  it('draws all 14 시·군 with the shared codes', () => {
    expect(regions.map((r) => r.code).sort()).toEqual(SIGUN.map((s) => s.code).sort());
    for (const r of regions) expect(r.d).toMatch(/^M[\d.]+,[\d.]+L/);
  });

  it('keeps north up and west left, inside the picture', () => {
    expect(at('군산시').x).toBeLessThan(at('무주군').x);
    expect(at('익산시').y).toBeLessThan(at('남원시').y);
    expect(at('고창군').y).toBeGreaterThan(at('군산시').y);
    for (const r of regions) {
      expect(r.label.x).toBeGreaterThan(0);
      expect(r.label.x).toBeLessThan(600);
      expect(r.label.y).toBeGreaterThan(0);
      expect(r.label.y).toBeLessThan(height);
    }
    expect(height).toBeLessThanOrEqual(640);
  });

  it('shades by count', () => {
    expect(shadeClass(0, 3)).toBe(0);
    expect(shadeClass(1, 4)).toBe(1);
    expect(shadeClass(4, 4)).toBe(4);
  });
});
