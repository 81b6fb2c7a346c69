/**
 * Drawing a served vector tileset that comes without a style: each source layer as muted fills,
 * lines and points, coloured by what its name suggests (water blue, vegetation green, roads light),
 * so the overlays above stay the strongest marks on the map.
 */
import type { LayerSpecification } from '../style-types.js';

const COLORS: readonly [RegExp, string][] = [
  [/water|ocean|river|lake|sea/i, '#a9c8e8'],
  [/wood|forest|park|green|landcover|vegetation|grass/i, '#c7dcb4'],
  [/road|street|highway|transport|rail|path/i, '#fdfdfb'],
  [/building|house/i, '#d6d1c9'],
  [/boundary|admin|border/i, '#9b8fb0'],
  [/landuse|place|poi/i, '#e8e1d0'],
];
const DEFAULT_COLOR = '#d9d4c7';

/** The colour a source layer is drawn in. */
export function colorForLayer(name: string): string {
  return COLORS.find(([pattern]) => pattern.test(name))?.[1] ?? DEFAULT_COLOR;
}

/**
 * Fill, line and circle layers for each source layer of `source` (roads drawn last, above fills).
 * With no layer list in the tileset's metadata nothing can be drawn: vector tiles name their layers only inside.
 */
export function vectorTilesetLayers(source: string, sourceLayers: readonly string[]): LayerSpecification[] {
  const ordered = [...sourceLayers].sort((a, b) => Number(/road|street|highway|transport/i.test(a)) - Number(/road|street|highway|transport/i.test(b)));
  return ordered.flatMap((layer): LayerSpecification[] => {
    const color = colorForLayer(layer);
    const id = `${source}-${layer}`;
    return [
      { id: `${id}-fill`, type: 'fill', source, 'source-layer': layer, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': 0.8 } },
      { id: `${id}-line`, type: 'line', source, 'source-layer': layer, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': color === '#fdfdfb' ? '#c9c2b3' : color, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 16, 2.5] } },
      { id: `${id}-point`, type: 'circle', source, 'source-layer': layer, filter: ['==', ['geometry-type'], 'Point'], minzoom: 13, paint: { 'circle-color': color, 'circle-radius': 2, 'circle-stroke-color': '#8c8676', 'circle-stroke-width': 0.5 } },
    ];
  });
}
