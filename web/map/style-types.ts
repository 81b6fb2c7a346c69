/** Style specification types, taken from maplibre-gl's own option types. */
import type { MapOptions } from 'maplibre-gl';

export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
export type LayerSpecification = StyleSpecification['layers'][number];
export type SourceSpecification = StyleSpecification['sources'][string];
export type FilterSpecification = NonNullable<Extract<LayerSpecification, { type: 'fill' }>['filter']>;
