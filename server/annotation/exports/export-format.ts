/** What every export format implements: its files for each photo, and its closing files. */
import type { AttributeDef, ExportQuery, LabelDef } from '../../protocol-annotation.js';
import type { ExportItem } from './selection.js';
import type { ZipWriter } from './zip-writer.js';

/** What a format is written with. */
export interface FormatContext {
  zip: ZipWriter;
  /** Where spool files go. */
  spoolDir: string;
  /** The categories, in class order. */
  labels: LabelDef[];
  attributes: AttributeDef[];
  query: ExportQuery;
  createdAt: number;
}

export interface FormatWriter {
  /** Writes (or gathers) what the format keeps of one task; `photo` is its file name under `images/`. */
  item(item: ExportItem, photo: string): Promise<void>;
  /** Writes the format's closing files into the zip. */
  finish(): Promise<void>;
  /** Deletes temporary files, whether the export finished or not. */
  dispose(): Promise<void>;
}
