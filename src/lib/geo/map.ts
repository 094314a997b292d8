// Turns the 시·군 boundaries (GeoJSON, lon/lat) into SVG paths at build time, so the
// map ships as plain SVG with no map library in the browser. An equirectangular
// projection scaled by cos(latitude) is indistinguishable from Mercator at this size.
type Position = [number, number];
type Ring = Position[];

export interface BoundaryFeature {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface MapRegion {
  code: string;
  name: string;
  /** SVG path data. */
  d: string;
  /** Where to put the label: the centroid of the region's largest part. */
  label: { x: number; y: number };
}

function polygonsOf(feature: BoundaryFeature): Ring[][] {
  return feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
}

// Shoelace area and centroid of a ring in projected coordinates.
function ringCentroid(ring: Position[]): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  a /= 2;
  return a === 0 ? { area: 0, x: ring[0]![0], y: ring[0]![1] } : { area: Math.abs(a), x: cx / (6 * a), y: cy / (6 * a) };
}

/**
 * Projects the features to fit `width` × `maxHeight` (minus `padding`), north up; returns
 * the regions and the height the map actually needs.
 */
export function projectRegions(
  features: BoundaryFeature[],
  width: number,
  maxHeight: number,
  padding = 8,
): { regions: MapRegion[]; height: number } {
  const all = features.flatMap((f) => polygonsOf(f).flat(2));
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = Math.min((width - 2 * padding) / ((maxLon - minLon) * kx), (maxHeight - 2 * padding) / (maxLat - minLat));
  const height = Math.ceil((maxLat - minLat) * scale + 2 * padding);
  const offsetX = (width - (maxLon - minLon) * kx * scale) / 2;
  const offsetY = padding;
  const project = ([lon, lat]: Position): Position => [
    offsetX + (lon - minLon) * kx * scale,
    offsetY + (maxLat - lat) * scale,
  ];
  const fmt = (n: number) => n.toFixed(1);

  const regions = features.map((feature) => {
    const polygons = polygonsOf(feature).map((rings) => rings.map((ring) => ring.map(project)));
    const d = polygons
      .flatMap((rings) => rings.map((ring) => `M${ring.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join('L')}Z`))
      .join('');
    const largest = polygons
      .map((rings) => ringCentroid(rings[0]!))
      .reduce((best, c) => (c.area > best.area ? c : best));
    return {
      code: feature.properties.code,
      name: feature.properties.name,
      d,
      label: { x: Math.round(largest.x), y: Math.round(largest.y) },
    };
  });
  return { regions, height };
}

/** Shading class 0–4 for a count, relative to the largest count. */
export function shadeClass(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}
