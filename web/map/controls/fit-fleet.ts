/** A button that frames every vehicle. */
import type { IControl } from 'maplibre-gl';
import { applyTranslations } from '../../i18n/i18n.js';

export class FitFleetButton implements IControl {
  private container: HTMLElement | null = null;

  constructor(private readonly onClick: () => void) {}

  onAdd(): HTMLElement {
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fit-fleet';
    button.dataset.i18nTitle = 'map.fitFleet';
    button.dataset.i18nAriaLabel = 'map.fitFleet';
    button.addEventListener('click', this.onClick);
    container.append(button);
    applyTranslations(container);
    this.container = container;
    return container;
  }

  onRemove(): void {
    this.container?.remove();
  }
}
