/**
 * One export, written as a zip to any output (an HTTP response, a job's file): the selection is
 * read a page at a time and each photo streamed from the content store into `images/` after its
 * labels, then the format's closing files. A photo whose file has gone missing is left out with
 * its labels and listed in `missing.txt`.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ExportQuery } from '../../protocol-annotation.js';
import type { ContentStore } from '../../imagery/content-store.js';
import type { Schema } from '../../store/schema.js';
import { AnnotationError } from '../annotation-error.js';
import { CocoWriter } from './coco.js';
import type { FormatContext, FormatWriter } from './export-format.js';
import { LabelStudioWriter } from './labelstudio.js';
import { PhotoNames } from './photo-names.js';
import { selectionPages, summarise, type SelectionSummary } from './selection.js';
import { YoloWriter } from './yolo.js';
import { ZipWriter } from './zip-writer.js';

/**
 * Largest export: a zip without ZIP64 records must stay under 4 GiB, so photos, labels and the
 * directory together are kept below it with room to spare.
 */
export const MAX_EXPORT_BYTES = 4_000_000_000;
/** Room reserved per photo for its labels and zip headers when checking the limit. */
const OVERHEAD_PER_PHOTO = 4096;
/** Missing photos named in `missing.txt`; beyond this they are only counted. */
const MISSING_LISTED = 10_000;

/** The selection's size and labels; throws 404 for an unknown queue and 400 when it is too big for one zip. */
export async function planExport(db: Kysely<Schema>, query: ExportQuery, maxBytes = MAX_EXPORT_BYTES): Promise<SelectionSummary> {
  const summary = await summarise(db, query);
  const estimate = summary.bytes + summary.total * OVERHEAD_PER_PHOTO;
  if (estimate > maxBytes) {
    throw new AnnotationError(400, 'too_large',
      `the selection holds ${summary.total} photos of ${summary.bytes} bytes, over the ${maxBytes}-byte limit of one export: narrow it with queue, patrol, plan, from/to or state`);
  }
  return summary;
}

export interface ExportRun {
  db: Kysely<Schema>;
  /** The photo files by SHA-256. */
  originals: ContentStore;
  /** Where the format's spool files go while the export runs. */
  spoolDir: string;
  query: ExportQuery;
  summary: SelectionSummary;
  createdAt: number;
  /** Called after each photo, written or missing. */
  onItem?: (done: number, missing: number, bytes: number) => void;
  /** Stops the export between photos. */
  signal?: AbortSignal;
}

/** What was written. */
export interface ExportStats {
  done: number;
  missing: number;
  bytes: number;
}

async function formatWriter(ctx: FormatContext): Promise<FormatWriter> {
  switch (ctx.query.format) {
    case 'coco': return CocoWriter.create(ctx);
    case 'yolo': return new YoloWriter(ctx);
    case 'labelstudio': return LabelStudioWriter.create(ctx);
  }
}

/** Writes the export to `out` and ends it; on failure `out` is destroyed, so a reader never takes a cut zip for a whole one. */
export async function writeExport(out: Writable, run: ExportRun): Promise<ExportStats> {
  const zip = new ZipWriter(out, new Date(run.createdAt));
  const writer = await formatWriter({
    zip, spoolDir: run.spoolDir, labels: run.summary.labels, attributes: run.summary.attributes, query: run.query, createdAt: run.createdAt,
  });
  const names = new PhotoNames();
  const missing: string[] = [];
  let done = 0;
  let missed = 0;
  try {
    for await (const page of selectionPages(run.db, run.query)) {
      for (const item of page) {
        run.signal?.throwIfAborted();
        const file = await openPhoto(run.originals, item.image.sha256);
        if (file) {
          const photo = names.nameOf(item.image);
          const stream = file.createReadStream({ highWaterMark: 256 * 1024 });
          try {
            await writer.item(item, photo);
            await zip.addStream(`images/${photo}`, stream, false);
          } finally {
            stream.destroy();
          }
          done++;
        } else {
          missed++;
          if (missing.length < MISSING_LISTED) missing.push(`image ${item.image.id} (task ${item.taskId}, sha256 ${item.image.sha256})`);
        }
        run.onItem?.(done, missed, zip.bytes);
      }
    }
    await writer.finish();
    if (missed > 0) {
      const more = missed > missing.length ? [`… and ${missed - missing.length} more`] : [];
      await zip.addText('missing.txt', ['Photos left out because their file is missing from the store:', ...missing, ...more, ''].join('\n'));
    }
    await zip.finish();
    return { done, missing: missed, bytes: zip.bytes };
  } catch (err) {
    zip.abort();
    out.destroy(err as Error);
    throw err;
  } finally {
    await writer.dispose();
  }
}

async function openPhoto(originals: ContentStore, sha256: string): Promise<FileHandle | null> {
  try {
    return await open(originals.pathOf(sha256), 'r');
  } catch {
    return null;
  }
}
