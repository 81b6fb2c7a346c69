/** Image indices: the number in a camera's file name, and gaps in the indices a drone announces. */

/**
 * The image number in a camera file name: the last run of digits in the base name, as in
 * `DSC00012.JPG`, `DJI_0042.jpg`, `IMG_20240501_0007.jpeg` or `photos/12.jpg`. Null when there is none.
 */
export function indexFromFileName(name: string): number | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '');
  const runs = stem.match(/\d+/g);
  if (!runs) return null;
  const n = Number(runs[runs.length - 1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** What one announcement means for the sequence. */
export interface IndexObservation {
  /** Indices skipped between the previous announcement and this one, oldest first (capped). */
  missing: number[];
  /** True when the camera's clock and index both went back: it restarted and counts from scratch. */
  restarted: boolean;
}

/** Largest gap asked for at once; a wild jump (a corrupt index) must not flood the link with requests. */
export const MAX_GAP_REQUESTS = 64;

/**
 * Follows one camera's announcements and reports the indices it skipped, so they can be asked for
 * again (a CAMERA_IMAGE_CAPTURED lost on the radio). Old indices that arrive late (answers to those
 * requests, re-sends) neither move the sequence nor count as gaps.
 */
export class IndexTracker {
  private last: { index: number; captureMs: number } | null = null;
  /** Earliest capture time seen since the camera's last start. */
  private firstMs = 0;

  /** Takes one announcement: its image index and the camera's own capture time (ms since its boot). */
  observe(index: number, captureMs: number): IndexObservation {
    const last = this.last;
    if (last === null) return this.restart(index, captureMs, false);
    if (index > last.index) {
      // A later index with an earlier clock: the camera rebooted and has taken photos since.
      if (captureMs < last.captureMs) return this.restart(index, captureMs, true);
      const missing: number[] = [];
      for (let i = Math.max(last.index + 1, index - MAX_GAP_REQUESTS); i < index; i++) missing.push(i);
      this.last = { index, captureMs };
      return { missing, restarted: false };
    }
    // An old index from before anything seen since the last start: the camera counts from scratch.
    if (captureMs < this.firstMs - RESTART_SLACK_MS) return this.restart(index, captureMs, true);
    this.firstMs = Math.min(this.firstMs, captureMs);
    return { missing: [], restarted: false };
  }

  private restart(index: number, captureMs: number, restarted: boolean): IndexObservation {
    this.last = { index, captureMs };
    this.firstMs = captureMs;
    return { missing: [], restarted };
  }
}

/** Clock wobble tolerated before a going-back clock counts as a restart. */
const RESTART_SLACK_MS = 5_000;
