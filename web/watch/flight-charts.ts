/**
 * Altitude and battery over the selected vehicle's flight, drawn with uPlot from its sample ring.
 * Redrawn only when the ring has new samples (at most once a second) or the vehicle changes.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el } from '../fly/dom.js';
import type { SampleRing } from './flight-history.js';

const HEIGHT = 96;

interface Chart {
  plot: uPlot;
  /** Column of the ring the chart shows: 1 altitude, 2 battery. */
  column: 1 | 2;
}

function makeChart(target: HTMLElement, color: string, range: uPlot.Range.Function): uPlot {
  const opts: uPlot.Options = {
    width: Math.max(120, target.clientWidth),
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range } },
    axes: [
      { space: 60, size: 22, font: '10px sans-serif', grid: { stroke: '#eef1f4' } },
      { size: 34, font: '10px sans-serif', grid: { stroke: '#eef1f4' } },
    ],
    series: [{}, { stroke: color, width: 1.5, fill: `${color}22`, points: { show: false } }],
  };
  return new uPlot(opts, [[], []], target);
}

export class FlightCharts {
  private readonly charts: Chart[];
  private readonly empty: HTMLElement;
  private ring: SampleRing | undefined;
  private shownVersion = -1;

  constructor(root: HTMLElement) {
    const altBox = el('div', 'chart', { id: 'chart-alt' });
    const batteryBox = el('div', 'chart', { id: 'chart-battery' });
    const altTitle = el('h4', 'chart-title', { i18n: 'watch.chartAlt' });
    const batteryTitle = el('h4', 'chart-title', { i18n: 'watch.chartBattery' });
    this.empty = el('p', 'chart-empty', { i18n: 'watch.noFlight' });
    root.append(this.empty, altTitle, altBox, batteryTitle, batteryBox);
    this.charts = [
      { plot: makeChart(altBox, '#1864ab', (_u, min, max) => [Math.min(0, min), Math.max(10, max + 2)]), column: 1 },
      { plot: makeChart(batteryBox, '#2f9e44', () => [0, 100]), column: 2 },
    ];
    new ResizeObserver(() => {
      const width = altBox.clientWidth;
      if (width > 0) for (const c of this.charts) c.plot.setSize({ width, height: HEIGHT });
    }).observe(altBox);
  }

  /** Shows another vehicle's flight (or none). */
  show(ring: SampleRing | undefined): void {
    if (ring === this.ring && this.shownVersion !== -1) return this.render();
    this.ring = ring;
    this.shownVersion = -1;
    this.render();
  }

  /** Redraws when the shown ring has changed since the last draw. */
  render(): void {
    const version = this.ring?.version ?? 0;
    if (version === this.shownVersion) return;
    this.shownVersion = version;
    const columns = this.ring?.columns() ?? [[], [], []];
    this.empty.hidden = columns[0].length > 0;
    for (const c of this.charts) c.plot.setData([columns[0], columns[c.column]]);
  }
}
