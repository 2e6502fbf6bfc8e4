import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { createWorld, MemoryWorkbookStore, upgradeWorld, type WorldState } from './runtime/world';
import type { WorkbookData } from './workbook/model';
import { readWorkbookFile, writeWorkbookFile } from './workbook/xlsx';

/**
 * `--state DIR`: what an Apps Script project keeps between executions (properties, cache, triggers,
 * outbox, quota, clock) as world.json, and each spreadsheet as a v8 snapshot, because parsing a
 * large .xlsx takes seconds while a snapshot loads in a tenth of that.
 */
interface SnapshotIndex {
  [id: string]: { file: string; source?: string; sourceMtimeMs?: number; sourceSize?: number };
}

export function workbookIdFor(file: string): string {
  const abs = path.resolve(file);
  const stem = path
    .basename(abs)
    .replace(/\.xlsx$/i, '')
    .replace(/[^A-Za-z0-9_-]/g, '-');
  return `local-${stem}-${crypto.createHash('sha1').update(abs).digest('hex').slice(0, 8)}`;
}

export class StateDir {
  constructor(readonly dir: string | null) {}

  loadWorld(init: Parameters<typeof createWorld>[0]): WorldState {
    const file = this.dir && path.join(this.dir, 'world.json');
    if (file && fs.existsSync(file)) return upgradeWorld(JSON.parse(fs.readFileSync(file, 'utf8')) as WorldState);
    return createWorld(init);
  }

  saveWorld(world: WorldState): void {
    if (!this.dir) return;
    fs.mkdirSync(this.dir, { recursive: true });
    atomicWrite(path.join(this.dir, 'world.json'), JSON.stringify(world, null, 1));
  }

  /** Every workbook of the state, plus `xlsx` (parsed unless the state holds an up-to-date snapshot of it). */
  loadWorkbooks(xlsx: string | undefined): { store: MemoryWorkbookStore; workbookId?: string } {
    const store = new MemoryWorkbookStore();
    const index = this.index();
    for (const [id, entry] of Object.entries(index)) {
      const snap = path.join(this.dir!, entry.file);
      if (fs.existsSync(snap)) store.add(v8.deserialize(fs.readFileSync(snap)) as WorkbookData);
      else delete index[id];
    }
    if (!xlsx) return { store };
    const id = workbookIdFor(xlsx);
    const stat = fs.statSync(xlsx);
    const known = index[id];
    const kept = store.get(id);
    const fresh = known && known.sourceMtimeMs === stat.mtimeMs && known.sourceSize === stat.size && kept;
    if (!fresh) {
      // The file holds the cells; who it is shared with is Drive's, kept in the snapshot, and survives
      // an edit of the file. So does the spreadsheet's time zone, which .xlsx has no place for.
      const parsed = readWorkbookFile(xlsx, id);
      if (kept?.access) parsed.access = kept.access;
      if (kept?.timeZone) parsed.timeZone = kept.timeZone;
      store.add(parsed);
    }
    store.get(id)!.path = path.resolve(xlsx);
    return { store, workbookId: id };
  }

  /** Save what an execution wrote: the .xlsx it came from (as Google keeps the sheet) and the snapshot. */
  saveWorkbooks(store: MemoryWorkbookStore, ids: string[]): void {
    for (const id of ids) {
      const wb = store.get(id);
      if (!wb) continue;
      if (wb.path) writeWorkbookFile(wb, wb.path);
      this.snapshot(wb);
    }
  }

  /** Snapshot one workbook without writing its .xlsx: for a change that is Drive's, not the file's (sharing). */
  saveSnapshot(wb: WorkbookData): void {
    this.snapshot(wb);
  }

  /** Snapshot a workbook parsed from .xlsx that nothing wrote, so the next call skips the parse. */
  snapshotIfMissing(store: MemoryWorkbookStore, id: string | undefined): void {
    const wb = id ? store.get(id) : undefined;
    if (this.dir && wb && !this.index()[wb.id]) this.snapshot(wb);
  }

  private snapshot(wb: WorkbookData): void {
    if (!this.dir) return;
    const index = this.index();
    fs.mkdirSync(path.join(this.dir, 'workbooks'), { recursive: true });
    const file = path.join('workbooks', `${wb.id}.v8`);
    atomicWrite(path.join(this.dir, file), v8.serialize(wb));
    const stat = wb.path ? fs.statSync(wb.path) : undefined;
    index[wb.id] = { file, source: wb.path, sourceMtimeMs: stat?.mtimeMs, sourceSize: stat?.size };
    atomicWrite(path.join(this.dir, 'workbooks.json'), JSON.stringify(index, null, 1));
  }

  private index(): SnapshotIndex {
    const file = this.dir && path.join(this.dir, 'workbooks.json');
    return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SnapshotIndex) : {};
  }
}

function atomicWrite(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
